import { createBookAppointmentFlow } from '../../flows/book-appointment';
import { captureLogs } from '../helpers/log-capture';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { businessPrivateKey } from '../helpers/test-keys';
import { startPlayground, type Playground } from './playground-harness';

let playground: Playground;

beforeAll(async () => {
  const tenants = createMemoryTenantDirectory({ keyFor: () => businessPrivateKey });
  await tenants.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    phoneNumberIds: [],
    flows: ['book-appointment'],
    settings: { 'book-appointment': { businessName: 'Acme Dental' } },
    requestSignatures: 'on',
    sharedKey: false,
    secrets: {},
  });
  playground = await startPlayground(
    (store) => [createBookAppointmentFlow({ store, logger: captureLogs().logger })],
    { tenants },
  );
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

test('when a tenant uses the flow, then the page offers it and a picked tenant goes with every exchange', async () => {
  const { page } = await playground.newPage();
  await page.goto(`${playground.url}/playground/book-appointment`);
  const picker = page.getByLabel('Tenant');
  await picker.waitFor();
  expect(await picker.locator('option').allTextContents()).toEqual([
    'This deployment (default)',
    'Acme Dental (acme)',
  ]);
  await picker.selectOption('acme');
  const exchange = page.waitForRequest((req) => req.url().endsWith('/exchange'));
  await page.getByRole('button', { name: 'Book now' }).click();
  expect((await exchange).postDataJSON()).toMatchObject({ tenant: 'acme', action: 'INIT' });
});

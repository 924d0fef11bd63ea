import type { Page } from 'playwright-core';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import { scopeStore, tenantPrefix } from '../../src/store/scope-store';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { captureLogs } from '../helpers/log-capture';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { businessPrivateKey } from '../helpers/test-keys';
import { greeterFlow } from '../helpers/greeter-flow';
import { startPlayground, type Playground } from './playground-harness';

let playground: Playground;

beforeAll(async () => {
  const tenants = createMemoryTenantDirectory({ keyFor: () => businessPrivateKey });
  await tenants.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    phoneNumberIds: [],
    flows: ['book-appointment', 'greeter'],
    settings: {
      'book-appointment': { businessName: 'Acme Dental' },
      greeter: { greeting: 'Welcome' },
    },
    requestSignatures: 'on',
    sharedKey: false,
    secrets: { webhookSecret: 'acme-webhook-secret' },
  });
  await tenants.put('globex', {
    name: 'Globex',
    provider: 'cloud',
    wabaId: '102290129340398',
    phoneNumberIds: ['106540352242922'],
    flows: ['greeter'],
    settings: { greeter: { greeting: 'Howdy' } },
    requestSignatures: 'on',
    sharedKey: false,
    secrets: {},
  });
  playground = await startPlayground(
    (store) => [createBookAppointmentFlow({ store, logger: captureLogs().logger }), greeterFlow],
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
  const answered = page.waitForResponse((res) => res.url().endsWith('/exchange'));
  await page.getByRole('button', { name: 'Book now' }).click();
  expect((await exchange).postDataJSON()).toMatchObject({ tenant: 'acme', action: 'INIT' });
  // The session's token is the tenant's: its URL lets it through to the handler.
  expect(await (await answered).json()).toMatchObject({ status: 200 });
  await page.locator('.wa-screen').waitFor();
});

/** Opens the greeter as `tenant` and completes it; what the phone showed, and the exchange's status. */
async function greetAs(page: Page, tenant: string) {
  await page.goto(`${playground.url}/playground/greeter`);
  const picker = page.getByLabel('Tenant');
  await picker.waitFor();
  await picker.selectOption(tenant);
  const answered = page.waitForResponse((res) => res.url().endsWith('/exchange'));
  await page.getByRole('button', { name: 'Open' }).click();
  const { status } = (await (await answered).json()) as { status: number };
  const text = await page.locator('.wa-screen').innerText();
  await page.locator('.wa-footer').getByRole('button', { name: 'Done' }).click();
  await page.getByText('Completion delivered to the webhook (200).').waitFor();
  return { status, text };
}

const completionsOf = async (tenant: string) =>
  (
    await createWebhookRecords(scopeStore(playground.store, tenantPrefix(tenant))).completions()
  ).map(({ flow, params }) => ({ flow, params }));

test("when tenant A or tenant B is picked, then the phone shows that tenant's settings and its completion is that tenant's", async () => {
  const { page, problems } = await playground.newPage();
  const acme = await greetAs(page, 'acme');
  expect(acme.status).toBe(200);
  expect(acme.text).toContain('Welcome from Acme Dental');
  const globex = await greetAs(page, 'globex');
  expect(globex.status).toBe(200);
  expect(globex.text).toContain('Howdy from Globex');
  expect(problems).toEqual([]);

  expect(await completionsOf('acme')).toEqual([
    { flow: 'greeter', params: { greeted_by: 'acme' } },
  ]);
  expect(await completionsOf('globex')).toEqual([
    { flow: 'greeter', params: { greeted_by: 'globex' } },
  ]);
  expect(await createWebhookRecords(playground.store).completions()).toEqual([]);
});

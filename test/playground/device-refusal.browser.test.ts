import { defineFlow } from '../../src/flow-definition/define-flow';
import { startPlayground, type Playground } from './playground-harness';
import { oneScreenFlow } from './one-screen-flow';

/** START declares a string `greeting`; the endpoint below answers INIT with a number. */
const flowJson = oneScreenFlow('7.3', '3.0');

let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground(
    () => [
      defineFlow({
        name: 'broken-answer',
        flowJson,
        INIT: (ctx) => ctx.next('START', { greeting: 42 }),
        screens: { START: { data_exchange: (ctx) => ctx.complete({}) } },
      }),
    ],
    // The server's own answer check would refuse to send it; the device's is what is tested here.
    { validation: 'off' },
  );
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

test('when the endpoint answers with data flow.json does not declare, the person sees an error and the device notifies the endpoint', async () => {
  const { page, problems } = await playground.newPage();
  await page.goto(`${playground.url}/playground/broken-answer`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByText('Something went wrong. Please try again later.').waitFor();
  await page
    .locator('.log-label', { hasText: 'error notification (payload-schema-error)' })
    .waitFor();
  expect(await page.locator('.log-problems').innerText()).toContain('START.greeting');
  await playground.screenshot(page, 'device-refusal');
  const steps = await page.locator('pre.steps').textContent();
  expect(JSON.parse(steps ?? '[]')).toEqual([
    { action: 'INIT' },
    {
      action: 'INIT',
      data: { error: 'payload-schema-error', error_message: expect.stringContaining('greeting') },
    },
  ]);
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Open', exact: true }).waitFor();
  expect(problems).toEqual([]);
}, 90_000);

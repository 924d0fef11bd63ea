import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createFeedbackFlow, ratingCounts } from '../../flows/feedback';
import { createSupportRequestFlow } from '../../flows/support-request';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { startPlayground, type Playground } from './playground-harness';

let playground: Playground;
const supportDir = mkdtempSync(path.join(tmpdir(), 'playground-support-'));

beforeAll(async () => {
  playground = await startPlayground((store) => [
    createFeedbackFlow({ store }),
    createSupportRequestFlow({ dir: supportDir }),
  ]);
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

const screen = (page: Page, title: string) =>
  page.locator('.phone').getByRole('heading', { name: title, exact: true });
const footer = (page: Page, name: string) =>
  page.locator('.wa-footer').getByRole('button', { name });

/** A 1×1 PNG and a minimal PDF, as a person would pick them from their phone. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('when a person completes the feedback flow, the nfm_reply reaches the webhook and flows completions', async () => {
  const { page, problems } = await playground.newPage();
  await page.goto(`${playground.url}/playground/feedback`);
  await page.getByText('How was your last purchase? It takes a minute.').waitFor();
  await playground.screenshot(page, 'feedback-0-message');
  await page.getByRole('button', { name: 'Give feedback' }).click();
  await page.locator('.wa-screen').waitFor();
  await playground.screenshot(page, 'feedback-1');
  await page.locator('fieldset.wa-group input[type="radio"]').first().check();
  await page.getByRole('textbox').fill('Quick delivery, friendly staff.');
  await footer(page, 'Continue').click();

  await page.locator('select[name="purchase_rating"]').waitFor();
  for (const name of ['purchase_rating', 'delivery_rating', 'service_rating']) {
    await page.locator(`select[name="${name}"]`).selectOption({ index: 1 });
  }
  await playground.screenshot(page, 'feedback-2');
  await footer(page, 'Done').click();

  await page.getByText('Completion delivered to the webhook (200).').waitFor();
  await playground.screenshot(page, 'feedback-3-completed');
  // As WhatsApp shows the reply: the answers one per line, the JSON a click away, the token short.
  const answers = page.getByRole('list', { name: 'Answers' });
  await answers.getByText('Comment: Quick delivery, friendly staff.').waitFor();
  await page.getByText('View response JSON').click();
  const shown = JSON.parse((await page.locator('.wa-json').textContent()) ?? '') as {
    flow_token: string;
  };
  expect(shown.flow_token).toMatch(/^.{8}…$/);
  await playground.screenshot(page, 'feedback-4-response-json');
  const completions = await createWebhookRecords(playground.store).completions();
  expect(completions.map((completion) => completion.flow)).toContain('feedback');
  // The flow's onComplete hook runs after the webhook's 200: wait until it has counted the rating.
  const rated = async () =>
    Object.values(await ratingCounts(playground.store, 'purchase_rating')).reduce(
      (sum, count) => sum + count,
      0,
    );
  const deadline = Date.now() + 10_000;
  while ((await rated()) === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await rated()).toBe(1);
  expect(problems).toEqual([]);
}, 90_000);

test('when a person attaches a photo and a receipt, the handler reads both through ctx.media from the stand-in CDN', async () => {
  const { page, problems } = await playground.newPage();
  await page.goto(`${playground.url}/playground/support-request`);
  await page.getByRole('button', { name: 'Ask for help' }).click();
  await screen(page, 'Support request').waitFor();
  await page.getByRole('textbox', { name: /What happened/ }).fill('The lid cracked.');
  await page
    .getByLabel(/Photos/)
    .setInputFiles({ name: 'lid.png', mimeType: 'image/png', buffer: PNG });
  await page.getByText('lid.png').waitFor();
  await playground.screenshot(page, 'support-request-1-describe');
  await footer(page, 'Continue').click();

  await screen(page, 'Receipt').waitFor();
  await page
    .getByLabel(/Receipt/)
    .setInputFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByText('receipt.pdf').waitFor();
  await playground.screenshot(page, 'support-request-2-receipt');
  await footer(page, 'Send request').click();

  await page.getByText('Response sent').waitFor();
  await playground.screenshot(page, 'support-request-3-completed');
  const response = JSON.parse((await page.locator('.wa-json').textContent()) ?? '') as {
    reference: string;
  };
  const folder = path.join(supportDir, 'support-request', response.reference);
  const saved = readdirSync(folder);
  const photo = saved.find((file) => file.startsWith('photo'));
  expect(photo && readFileSync(path.join(folder, photo))).toEqual(PNG);
  const receipt = saved.find((file) => file.startsWith('receipt'));
  expect(receipt && readFileSync(path.join(folder, receipt))).toEqual(PDF);
  expect(problems).toEqual([]);
}, 90_000);

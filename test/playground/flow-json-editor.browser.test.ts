import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createFeedbackFlow } from '../../flows/feedback';
import { ARTIFACTS, startPlayground, unnamedControls, type Playground } from './playground-harness';

let playground: Playground;
/** A copy of the feedback flow's flow.json: the editor saves there, never to the repository. */
const file = path.join(mkdtempSync(path.join(tmpdir(), 'playground-editor-')), 'flow.json');
copyFileSync(path.resolve(__dirname, '../../flows/feedback/flow.json'), file);
const original = readFileSync(file, 'utf8');

beforeAll(async () => {
  playground = await startPlayground((store) => [createFeedbackFlow({ store })], {
    flowFiles: (name) => (name === 'feedback' ? file : undefined),
  });
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

const heading = (page: Page, title: string) =>
  page.locator('.phone').getByRole('heading', { name: title, exact: true });
const problemsList = (page: Page) => page.getByRole('list', { name: 'Problems in flow.json' });

/** Moves to a line's end and `back` characters left, as a person would with the keyboard. */
async function moveTo(page: Page, line: number, back = 0) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  for (let i = 0; i < back; i++) await page.keyboard.press('ArrowLeft');
}

test('when a person edits flow.json beside the phone, then mistakes show at their line, an invalid save writes nothing, and a valid one changes the preview and the file', async () => {
  const { page, problems } = await playground.newPage();
  await page.goto(`${playground.url}/playground/feedback`);
  await page.locator('.cm-content').waitFor();

  expect(await unnamedControls(page)).toEqual([]);
  // The chat: the business's name, and the flow's own message with its button.
  await heading(page, 'Kings Cross Store').waitFor();
  await page.getByText('How was your last purchase? It takes a minute.').waitFor();
  await page.getByRole('button', { name: 'Give feedback' }).click();
  await heading(page, 'Feedback 1 of 2').waitFor();

  // Line 5 ends `"id": "screen_feedback_one",`: without its comma, line 6 is where JSON breaks.
  await moveTo(page, 5);
  await page.keyboard.press('Backspace');
  await problemsList(page).getByText('Line 6, column 7').waitFor();
  await problemsList(page).getByText('not valid JSON: comma expected').waitFor();
  await page.locator('.cm-lintRange-error').first().waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-1-syntax-mistake.png') });
  await page.keyboard.type(',');
  await problemsList(page).waitFor({ state: 'detached' });

  // A layout type Meta does not know, on line 9: the validator's own problem, at its line.
  await moveTo(page, 9, 2);
  await page.keyboard.type('X');
  await problemsList(page)
    .getByText(/^Line 9, column \d+$/)
    .waitFor();
  await page.keyboard.press('Control+s');
  await page.getByText('Not saved: fix the problems below (flow.json is unchanged).').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-2-refused.png') });
  expect(readFileSync(file, 'utf8')).toBe(original);
  await page.keyboard.press('Backspace');
  await problemsList(page).waitFor({ state: 'detached' });

  // A new title for the open screen, saved with the button: the phone shows it, the file holds it.
  await moveTo(page, 6, 2);
  await page.keyboard.type(' (edited)');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved: the server and the preview serve it now.').waitFor();
  await heading(page, 'Feedback 1 of 2 (edited)').waitFor();
  expect(readFileSync(file, 'utf8')).toBe(
    original.replace('"Feedback 1 of 2"', '"Feedback 1 of 2 (edited)"'),
  );
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-3-saved.png') });

  // Saved with the keyboard too, and the flow route itself serves the new copy.
  await moveTo(page, 6, 2);
  await page.keyboard.type('!');
  await page.keyboard.press('Control+s');
  await heading(page, 'Feedback 1 of 2 (edited)!').waitFor();
  expect(readFileSync(file, 'utf8')).toContain('"Feedback 1 of 2 (edited)!"');
  // The refused save's 422 is the one failed request the browser reports, as it should be.
  expect(problems.filter((problem) => !problem.includes('status of 422'))).toEqual([]);
}, 120_000);

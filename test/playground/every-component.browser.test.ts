import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import everyComponent from '../fixtures/playground/every-component.json';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { startPlayground, unnamedControls, type Playground } from './playground-harness';

let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground(() => [
    defineFlow({ name: 'every-component', flowJson: everyComponent }),
  ]);
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

const screen = (page: Page, title: string) =>
  page.locator('.phone').getByRole('heading', { name: title, exact: true });
const next = (page: Page) => page.locator('.wa-footer').getByRole('button', { name: 'Next' });

/** Each screen: shown, every control named for assistive technology, and photographed. */
async function onScreen(page: Page, title: string, shot: string) {
  await screen(page, title).waitFor();
  expect(await unnamedControls(page)).toEqual([]);
  await playground.screenshot(page, `every-component-${shot}`);
}

test('when a fixture flow uses every component, each screen renders without a console error and the flow completes', async () => {
  const { page, problems } = await playground.newPage();
  await page.goto(`${playground.url}/playground/every-component`);
  // A flow without an endpoint can only be opened with navigate.
  expect(await page.getByRole('radio', { name: /data_exchange/ }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  await onScreen(page, 'Text and media', '1-text');
  await page.getByRole('heading', { name: 'Every component' }).waitFor();
  expect(await page.locator('.wa-body strong').first().innerText()).toBe('bold');
  expect(await page.getByRole('img', { name: 'A pixel' }).count()).toBe(1);
  await page.getByRole('button', { name: 'Next image' }).click();
  await page.getByRole('img', { name: 'Second' }).waitFor();
  await page.getByRole('button', { name: 'Read the rich text' }).waitFor();
  await next(page).click();

  await onScreen(page, 'Rich text', '2-rich-text');
  expect(await page.locator('.wa-rich table').count()).toBe(1);
  expect(await page.locator('.wa-rich ol li').count()).toBe(2);
  await next(page).click();

  await onScreen(page, 'Text entry', '3-text-entry');
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  expect(await name.inputValue()).toBe('Jane');
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  await email.fill('not-an-email');
  await email.press('Tab');
  await page.getByText('Enter a valid email address').waitFor();
  expect(await next(page).isDisabled()).toBe(true);
  await email.fill('jane@example.com');
  await page.getByRole('textbox', { name: 'PIN (optional)' }).fill('1234');
  await page.getByRole('textbox', { name: 'Notes (optional)' }).fill('Nothing');
  expect(await next(page).isEnabled()).toBe(true);
  await next(page).click();

  await onScreen(page, 'Choices', '4-choices');
  await page.getByRole('checkbox', { name: /Apples/ }).check();
  await page.getByRole('radio', { name: 'Small' }).check();
  expect(await page.getByRole('radio', { name: 'Large' }).isDisabled()).toBe(true);
  await page.getByRole('combobox', { name: 'Colour (optional)' }).selectOption('red');
  await page.getByRole('checkbox', { name: 'Quick' }).check();
  await page.getByRole('checkbox', { name: /I agree to the terms/ }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Read more' }).click();
  await page.getByText('Would open https://example.com/terms').waitFor();
  await playground.screenshot(page, 'every-component-4-choices-filled');
  await next(page).click();

  await onScreen(page, 'Dates', '5-dates');
  await page.getByLabel('Day (optional)').fill('2026-03-04');
  await page.getByLabel('Arrival').fill('2026-04-01');
  await page.getByLabel('Departure').fill('2026-04-03');
  await next(page).click();

  await onScreen(page, 'Photo', '6-photo');
  expect(await page.getByLabel('Photos').getAttribute('type')).toBe('file');
  await next(page).click();

  await onScreen(page, 'Document', '7-document');
  expect(await page.getByLabel('Documents').getAttribute('accept')).toBe('application/pdf');
  await next(page).click();

  await onScreen(page, 'Menu', '8-navigation-list');
  await page.getByRole('navigation', { name: 'Where next' }).waitFor();
  await page
    .getByRole('button', { name: /Finish/ })
    .first()
    .click();

  await onScreen(page, 'Done', '9-if-switch');
  await page.getByText('You agreed.').waitFor();
  await page.getByText('Red it is.').waitFor();
  await page.getByText('Thanks, Jane').waitFor();
  await page.locator('.wa-footer').getByRole('button', { name: 'Finish' }).click();
  await page.getByText('Response sent').waitFor();
  const response = JSON.parse((await page.locator('.wa-json').textContent()) ?? '') as Record<
    string,
    unknown
  >;
  expect(response).toMatchObject({ name: 'Jane', colour: 'red' });
  expect(typeof response.flow_token).toBe('string');
  await playground.screenshot(page, 'every-component-10-completed');
  await page.getByRole('button', { name: 'Back to the message' }).click();
  await page.getByRole('button', { name: 'Open', exact: true }).waitFor();

  expect(await page.locator('.wa-unknown').count()).toBe(0);
  expect(problems).toEqual([]);
}, 120_000);

test('when flow.json is edited on disk, then the page reloads the flow and shows the change', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'playground-reload-'));
  const file = path.join(dir, 'flow.json');
  writeFileSync(file, JSON.stringify(everyComponent));
  const editable = await startPlayground(
    () => [defineFlow({ name: 'every-component', flowJson: everyComponent })],
    { flowFiles: () => file },
  );
  try {
    const { page, problems } = await editable.newPage();
    await page.goto(`${editable.url}/playground/every-component`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await screen(page, 'Text and media').waitFor();

    const edited = structuredClone(everyComponent);
    const first = edited.screens[0];
    if (!first) throw new Error('the fixture has no screens');
    first.title = 'Edited title';
    writeFileSync(file, JSON.stringify(edited));

    await screen(page, 'Edited title').waitFor();
    expect(problems).toEqual([]);
  } finally {
    await editable.close();
  }
}, 90_000);

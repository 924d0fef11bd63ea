import type { Page } from 'playwright-core';
import pino from 'pino';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { MONDAY_MORNING } from '../helpers/test-app';
import { startPlayground, unnamedControls, type Playground } from './playground-harness';

let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground((store) => [
    createBookAppointmentFlow({
      store,
      logger: pino({ level: 'silent' }),
      now: () => MONDAY_MORNING,
    }),
  ]);
}, 90_000);

afterAll(async () => {
  await playground?.close();
});

/** The screen's title in the phone's title bar. */
const screen = (page: Page, title: string) =>
  page.locator('.phone').getByRole('heading', { name: title, exact: true });

/** Waits until no request is in flight, then picks the first option the user may choose. */
async function chooseFirst(page: Page, name: string): Promise<string> {
  const choice = page.locator(
    `select[name="${name}"]:not([disabled]) option:not([disabled]):not([value=""])`,
  );
  await choice.first().waitFor({ state: 'attached' });
  const value = (await choice.first().getAttribute('value')) ?? '';
  await page.locator(`select[name="${name}"]`).selectOption(value);
  await page.locator('form.wa-screen[aria-busy="false"]').waitFor();
  return value;
}

async function openBooking(page: Page) {
  await page.goto(`${playground.url}/playground/book-appointment`);
  await page.getByRole('button', { name: 'Book now' }).click();
  await screen(page, 'Appointment').waitFor();
}

async function chooseSlot(page: Page) {
  const slot = {
    department: await chooseFirst(page, 'department'),
    location: await chooseFirst(page, 'location'),
    date: await chooseFirst(page, 'date'),
    time: await chooseFirst(page, 'time'),
  };
  return slot;
}

async function fillDetails(page: Page) {
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Jane Doe');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('jane@example.com');
  await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('+44 20 7946 0000');
}

const footer = (page: Page, name: string) =>
  page.locator('.wa-footer').getByRole('button', { name });

const bookingStore = () => createBookingStore(playground.store, { log: pino({ level: 'silent' }) });

test("when the chat opens, then the bubble is the flow's own message as `flows send` sends it: header, body, footer and button, from the business", async () => {
  const { page, problems } = await playground.newPage();
  await page.goto(`${playground.url}/playground/book-appointment`);
  const bubble = page.locator('.wa-message');
  await bubble.getByRole('button', { name: 'Book now' }).waitFor();
  expect(await bubble.locator('.wa-message-header').textContent()).toBe('Book an appointment');
  expect(await bubble.locator('.wa-message-body').textContent()).toBe(
    'Pick a department, a place and a time that suit you.',
  );
  expect(await bubble.locator('.wa-message-footer').textContent()).toBe('You can change it later.');
  await page
    .locator('.phone')
    .getByRole('heading', { name: 'Kings Cross Store', exact: true })
    .waitFor();
  expect(problems).toEqual([]);
}, 60_000);

test('when a person books through the playground, the real endpoint takes them to SUCCESS and the booking is stored', async () => {
  // The playground is shared by this file's tests, in any order: only what this test adds counts.
  const bookingsBefore = new Set((await bookingStore().all()).map((booking) => booking.id));
  const completionsBefore = new Set(
    (await createWebhookRecords(playground.store).completions()).map((completion) => completion.id),
  );
  const { page, problems } = await playground.newPage();
  await openBooking(page);
  await playground.screenshot(page, 'book-appointment-1-appointment-empty');
  expect(await unnamedControls(page)).toEqual([]);
  expect(await footer(page, 'Continue').isDisabled()).toBe(true);

  const slot = await chooseSlot(page);
  expect(await footer(page, 'Continue').isEnabled()).toBe(true);
  await playground.screenshot(page, 'book-appointment-2-appointment');
  await footer(page, 'Continue').click();

  await screen(page, 'Details').waitFor();
  expect(await unnamedControls(page)).toEqual([]);
  expect(await footer(page, 'Summary').isDisabled()).toBe(true);
  await fillDetails(page);
  await playground.screenshot(page, 'book-appointment-3-details');
  await footer(page, 'Summary').click();

  await screen(page, 'Summary').waitFor();
  await page.getByRole('button', { name: 'Read more' }).click();
  await screen(page, 'Terms and conditions').waitFor();
  await playground.screenshot(page, 'book-appointment-4-terms');
  await page.getByRole('button', { name: 'Back' }).click();
  await screen(page, 'Summary').waitFor();

  expect(await footer(page, 'Confirm appointment').isDisabled()).toBe(true);
  // The keyboard alone ticks the terms: Space on the focused checkbox.
  await page.getByRole('checkbox', { name: 'I agree to the terms.' }).focus();
  await page.keyboard.press('Space');
  await playground.screenshot(page, 'book-appointment-5-summary');
  await footer(page, 'Confirm appointment').click();

  await page.getByText('Response sent').waitFor();
  await playground.screenshot(page, 'book-appointment-6-success');
  const bookings = (await bookingStore().all()).filter(
    (booking) => !bookingsBefore.has(booking.id),
  );
  expect(bookings.map((booking) => booking.slot)).toEqual([slot]);
  expect((await page.locator('.wa-json').textContent()) ?? '').toContain(
    bookings[0]?.id ?? 'missing',
  );
  // The device accepted every answer; the completion went to the webhook route as an nfm_reply.
  expect(await page.locator('.log-problems').count()).toBe(0);
  await page.getByText('Completion delivered to the webhook (200).').waitFor();
  const completions = (await createWebhookRecords(playground.store).completions()).filter(
    (completion) => !completionsBefore.has(completion.id),
  );
  expect(completions.map((completion) => completion.flow)).toEqual(['book-appointment']);
  expect(problems).toEqual([]);
}, 90_000);

test('when the confirmed time is booked by someone else meanwhile, the person stays on Summary, sees why and, back on Appointment, finds that time unavailable', async () => {
  const { page, problems } = await playground.newPage();
  await openBooking(page);
  const slot = await chooseSlot(page);
  await footer(page, 'Continue').click();
  await screen(page, 'Details').waitFor();
  await fillDetails(page);
  await footer(page, 'Summary').click();
  await screen(page, 'Summary').waitFor();
  await page.getByRole('checkbox', { name: 'I agree to the terms.' }).check();

  const contact = { name: 'Someone Else', email: 'x@example.com', phone: '+1', moreDetails: '' };
  const taken = await bookingStore().book(slot, 'another-token', contact, MONDAY_MORNING);
  expect(taken.ok).toBe(true);

  await footer(page, 'Confirm appointment').click();
  const snackbar = page.locator('.wa-snackbar');
  await snackbar.waitFor();
  expect(await snackbar.innerText()).toContain(
    'that time has just been taken. Please go back and choose another.',
  );
  await screen(page, 'Summary').waitFor();
  await playground.screenshot(page, 'book-appointment-slot-taken');

  // The back button walks the routes backwards; refresh_on_back asks for APPOINTMENT afresh.
  await page.getByRole('button', { name: 'Back' }).click();
  await screen(page, 'Details').waitFor();
  await page.getByRole('button', { name: 'Back' }).click();
  await screen(page, 'Appointment').waitFor();
  await page.locator('.log-label', { hasText: 'BACK APPOINTMENT' }).waitFor();
  await page.locator('form.wa-screen[aria-busy="false"]').waitFor();
  await page
    .locator(`select[name="time"] option[value="${slot.time}"][disabled]`)
    .waitFor({ state: 'attached' });
  await playground.screenshot(page, 'book-appointment-slot-taken-back');
  expect(await page.locator('.log-problems').count()).toBe(0);
  expect(problems).toEqual([]);
}, 90_000);

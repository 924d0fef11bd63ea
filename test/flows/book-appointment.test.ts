import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { tokenKey } from '../../src/tokens/token-key';
import { bookThroughFlow, CONTACT, SLOT } from '../helpers/appointment-journey';
import { createTestApp, MONDAY_MORNING } from '../helpers/test-app';

type Data = Record<string, unknown>;
type Option = { id: string; title: string; enabled?: boolean };

function setup(now: Date = MONDAY_MORNING) {
  const test = createTestApp({ bookingNow: () => now });
  const bookings = createBookingStore(test.store, { log: test.logs.logger });
  return { ...test, bookings };
}

const dataOf = (json: Data) => json.data as Data;
const ids = (options: unknown) => (options as Option[]).map((option) => option.id);
const disabled = (options: unknown) =>
  (options as Option[]).filter((option) => option.enabled === false).map((option) => option.id);

describe('book-appointment: APPOINTMENT', () => {
  it('when the flow opens, then every department is listed and the later fields are disabled', async () => {
    const { send, token } = setup();
    const reply = await send({ version: '3.0', action: 'INIT', flow_token: token() });
    expect(reply.json.screen).toBe('APPOINTMENT');
    const data = dataOf(reply.json);
    expect(ids(data.department)).toEqual(['shopping', 'clothing', 'home', 'electronics', 'beauty']);
    expect(data).toMatchObject({
      is_location_enabled: false,
      is_date_enabled: false,
      is_time_enabled: false,
    });
    for (const field of ['location', 'date', 'time']) {
      expect((data[field] as Option[]).length).toBeGreaterThan(0);
    }
  });

  it('when a department is chosen, then only the locations offering it are listed', async () => {
    const { exchange } = setup();
    const reply = await exchange('APPOINTMENT', {
      trigger: 'department_selected',
      department: 'home',
    });
    const data = dataOf(reply.json);
    expect(ids(data.location)).toEqual(['1', '4']);
    expect(data).toMatchObject({
      is_location_enabled: true,
      is_date_enabled: false,
      is_time_enabled: false,
    });
  });

  it('when a location is chosen, then its open days from today on are the dates', async () => {
    const { exchange } = setup();
    const reply = await exchange('APPOINTMENT', {
      trigger: 'location_selected',
      department: 'home',
      location: '4',
    });
    const data = dataOf(reply.json);
    // Shoreditch opens Monday, Wednesday and Friday; today is Monday 2 March 2026.
    expect(ids(data.date)).toEqual([
      '2026-03-02',
      '2026-03-04',
      '2026-03-06',
      '2026-03-09',
      '2026-03-11',
      '2026-03-13',
    ]);
    expect((data.date as Option[])[1]?.title).toBe('Wed Mar 04 2026');
    expect(data).toMatchObject({
      is_location_enabled: true,
      is_date_enabled: true,
      is_time_enabled: false,
    });
  });

  it('when a date is chosen, then that location’s times are listed and all fields are enabled', async () => {
    const { exchange } = setup();
    const reply = await exchange('APPOINTMENT', {
      trigger: 'date_selected',
      department: 'home',
      location: '4',
      date: '2026-03-04',
    });
    const data = dataOf(reply.json);
    expect(data.time).toEqual([
      { id: '10:00', title: '10:00' },
      { id: '12:00', title: '12:00' },
      { id: '14:00', title: '14:00' },
    ]);
    expect(data).toMatchObject({
      is_location_enabled: true,
      is_date_enabled: true,
      is_time_enabled: true,
    });
  });

  it('when today is chosen at 12:30, then the times already past are disabled', async () => {
    const { exchange } = setup(new Date(2026, 2, 2, 12, 30));
    const reply = await exchange('APPOINTMENT', {
      trigger: 'date_selected',
      department: 'home',
      location: '4',
      date: '2026-03-02',
    });
    expect(disabled(dataOf(reply.json).time)).toEqual(['10:00', '12:00']);
  });

  it('when every time today is past, then today is listed disabled and no earlier date appears', async () => {
    const { exchange } = setup(new Date(2026, 2, 2, 20, 0));
    const reply = await exchange('APPOINTMENT', {
      trigger: 'location_selected',
      department: 'home',
      location: '4',
    });
    const dates = dataOf(reply.json).date as Option[];
    expect(dates[0]).toEqual({ id: '2026-03-02', title: 'Mon Mar 02 2026', enabled: false });
    expect(ids(dates).every((id) => id >= '2026-03-02')).toBe(true);
  });

  it('when the department changes after a location was chosen, then the later fields reset', async () => {
    const { exchange } = setup();
    const reply = await exchange('APPOINTMENT', {
      trigger: 'department_selected',
      department: 'beauty',
      location: '4',
      date: '2026-03-04',
    });
    const data = dataOf(reply.json);
    expect(ids(data.location)).toEqual(['3', '5']);
    expect(data).toMatchObject({
      is_location_enabled: true,
      is_date_enabled: false,
      is_time_enabled: false,
    });
  });

  it.each([
    [
      'an unknown department',
      { trigger: 'department_selected', department: 'spa' },
      'Please choose a department from the list.',
    ],
    [
      'a location not offering it',
      { trigger: 'location_selected', department: 'beauty', location: '1' },
      'Please choose a location that offers Beauty & Personal Care.',
    ],
    [
      'a closed day',
      { trigger: 'date_selected', department: 'home', location: '4', date: '2026-03-03' },
      'Please choose one of the available dates.',
    ],
    [
      'a date in the past',
      { trigger: 'date_selected', department: 'home', location: '4', date: '2026-02-27' },
      'Please choose one of the available dates.',
    ],
  ])(
    'when the client sends %s, then APPOINTMENT comes back with fresh lists and an error_message',
    async (_case, data, message) => {
      const { exchange } = setup();
      const reply = await exchange('APPOINTMENT', data);
      expect(reply.status).toBe(200);
      expect(reply.json.screen).toBe('APPOINTMENT');
      expect(dataOf(reply.json).error_message).toBe(message);
      expect(ids(dataOf(reply.json).department)).toHaveLength(5);
    },
  );

  it.each([
    ['no department', { trigger: 'department_selected' }],
    ['an unknown trigger', { trigger: 'time_selected', department: 'home' }],
    ['a number for an id', { trigger: 'department_selected', department: 42 }],
    ['no trigger', { department: 'home' }],
  ])(
    'when the client sends %s (against what flow.json sends), then APPOINTMENT shows an error_message',
    async (_case, data) => {
      const { exchange } = setup();
      const reply = await exchange('APPOINTMENT', data);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        screen: 'APPOINTMENT',
        data: { error_message: 'Please check your answers and try again.' },
      });
    },
  );

  it('when the user comes back to APPOINTMENT (refresh_on_back), then fresh availability is sent', async () => {
    const { send, token } = setup();
    const reply = await send({
      version: '3.0',
      action: 'BACK',
      screen: 'APPOINTMENT',
      flow_token: token(),
    });
    expect(reply.json.screen).toBe('APPOINTMENT');
    expect(dataOf(reply.json).is_location_enabled).toBe(false);
  });
});

describe('book-appointment: DETAILS and SUMMARY', () => {
  it('when valid details are submitted, then SUMMARY shows readable lines and echoes every field', async () => {
    const { exchange } = setup();
    const reply = await exchange('DETAILS', { ...SLOT, ...CONTACT });
    expect(reply.json).toEqual({
      screen: 'SUMMARY',
      data: {
        appointment: 'Home Goods & Decor at Shoreditch, London\nWed Mar 04 2026 at 12:00',
        details: `Name: ${CONTACT.name}\nEmail: ${CONTACT.email}\nPhone: ${CONTACT.phone}\n\n"${CONTACT.more_details}"`,
        ...SLOT,
        ...CONTACT,
      },
    });
  });

  it('when more_details is left empty, then the details have no quoted line', async () => {
    const { exchange } = setup();
    const reply = await exchange('DETAILS', { ...SLOT, ...CONTACT, more_details: '' });
    expect(dataOf(reply.json).details).toBe(
      `Name: ${CONTACT.name}\nEmail: ${CONTACT.email}\nPhone: ${CONTACT.phone}`,
    );
  });

  it.each([
    ['the name is missing', { name: undefined }, "Please fill in 'Name'."],
    ['the name is blank', { name: '   ' }, 'Your name is missing.'],
    ['the email is invalid', { email: 'not-an-email' }, 'Please enter a valid email address.'],
    ['the phone is invalid', { phone: 'call me' }, 'Please enter a valid phone number.'],
    [
      'the location is unknown',
      { location: '99' },
      'That department or location is not offered. Please go back and choose again.',
    ],
    ['the time is missing', { time: undefined }, 'Please fill in time.'],
  ])('when %s, then DETAILS comes back with an error_message', async (_case, change, message) => {
    const { exchange } = setup();
    const reply = await exchange('DETAILS', { ...SLOT, ...CONTACT, ...change });
    expect(reply.status).toBe(200);
    expect(reply.json.screen).toBe('DETAILS');
    expect(dataOf(reply.json)).toEqual({ error_message: message });
  });

  it('when the chosen time is not offered that day, then DETAILS says it is no longer available', async () => {
    const { exchange } = setup();
    const reply = await exchange('DETAILS', { ...SLOT, ...CONTACT, time: '13:15' });
    expect(reply.json.screen).toBe('DETAILS');
    expect(String(dataOf(reply.json).error_message)).toMatch(/just been taken|no longer/);
  });

  it('when SUMMARY is confirmed, then the flow completes with the booking and the flow token', async () => {
    const { exchange, bookings, token } = setup();
    const reply = await exchange('SUMMARY', { ...SLOT, ...CONTACT });
    const booking = await bookings.bookingFor(token());
    expect(booking).toMatchObject({
      tokenKey: tokenKey(token()),
      slot: SLOT,
      contact: { name: CONTACT.name, email: CONTACT.email },
    });
    expect(reply.json).toEqual({
      screen: 'SUCCESS',
      data: {
        extension_message_response: {
          params: { booking_id: booking?.id, ...SLOT, flow_token: token() },
        },
      },
    });
  });

  it('when a time has been booked, then it is offered to others disabled', async () => {
    const { exchange } = setup();
    await exchange('SUMMARY', { ...SLOT, ...CONTACT }, 'user-1');
    const reply = await exchange('APPOINTMENT', { trigger: 'date_selected', ...SLOT }, 'user-2');
    expect(disabled(dataOf(reply.json).time)).toEqual(['12:00']);
  });

  it('when the slot was taken meanwhile, then the second user stays on SUMMARY with an error_message', async () => {
    const { exchange } = setup();
    const first = await exchange('SUMMARY', { ...SLOT, ...CONTACT }, 'user-1');
    const second = await exchange(
      'SUMMARY',
      { ...SLOT, ...CONTACT, name: 'Someone Else' },
      'user-2',
    );
    expect(first.json.screen).toBe('SUCCESS');
    expect(second.json).toEqual({
      screen: 'SUMMARY',
      data: {
        error_message: 'Sorry, that time has just been taken. Please go back and choose another.',
      },
    });
  });

  it('when that user goes back to APPOINTMENT (refresh_on_back), then their choices come back with the taken time disabled', async () => {
    const { exchange, send, token } = setup();
    await exchange('SUMMARY', { ...SLOT, ...CONTACT }, 'user-1');
    await exchange('APPOINTMENT', { trigger: 'date_selected', ...SLOT }, 'user-2');
    await exchange('DETAILS', { ...SLOT, ...CONTACT, time: '14:00' }, 'user-2');
    const other = await exchange('SUMMARY', { ...SLOT, ...CONTACT, time: '14:00' }, 'user-3');
    expect(other.json.screen).toBe('SUCCESS');
    const taken = await exchange('SUMMARY', { ...SLOT, ...CONTACT, time: '14:00' }, 'user-2');
    expect(taken.json.screen).toBe('SUMMARY');

    const back = await send({
      version: '3.0',
      action: 'BACK',
      screen: 'APPOINTMENT',
      flow_token: token('user-2'),
    });
    expect(back.json.screen).toBe('APPOINTMENT');
    const data = dataOf(back.json);
    expect(data).toMatchObject({
      is_location_enabled: true,
      is_date_enabled: true,
      is_time_enabled: true,
    });
    expect(ids(data.location)).toEqual(['1', '4']);
    expect(disabled(data.time)).toEqual(['12:00', '14:00']);
  });

  it('when WhatsApp resends the same confirmation, then the same SUCCESS comes back and one booking exists', async () => {
    const { exchange, bookings } = setup();
    const first = await exchange('SUMMARY', { ...SLOT, ...CONTACT });
    const again = await exchange('SUMMARY', { ...SLOT, ...CONTACT });
    expect(first.json.screen).toBe('SUCCESS');
    expect(again.json).toEqual(first.json);
    expect(await bookings.all()).toHaveLength(1);
  });

  it('when SUMMARY arrives with a broken field, then SUMMARY comes back with an error_message', async () => {
    const { exchange } = setup();
    const reply = await exchange('SUMMARY', { ...SLOT, ...CONTACT, email: 'broken' });
    expect(reply.json.screen).toBe('SUMMARY');
    expect(dataOf(reply.json)).toEqual({ error_message: 'Please enter a valid email address.' });
  });
});

describe('book-appointment: the whole journey', () => {
  it('when a user goes from INIT to confirmation, then every step answers 200 and the flow completes', async () => {
    const { client, token } = setup();
    const replies = await bookThroughFlow(client, token('journey'));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replies.map((reply) => reply.json.screen)).toEqual([
      'APPOINTMENT',
      'APPOINTMENT',
      'APPOINTMENT',
      'APPOINTMENT',
      'SUMMARY',
      'SUCCESS',
    ]);
  });
});

describe('book-appointment: requests flow.json says the Flow never sends', () => {
  it.each([
    ['data_exchange from TERMS (it has no data_exchange action)', 'data_exchange', 'TERMS'],
    ['data_exchange from a screen that does not exist', 'data_exchange', 'NOPE'],
    ['data_exchange from no screen', 'data_exchange', undefined],
    ['BACK to DETAILS (no refresh_on_back)', 'BACK', 'DETAILS'],
  ])('when the client sends %s, then it is a 400, not a 500', async (_case, action, screen) => {
    const { send, token } = setup();
    const reply = await send({ version: '3.0', action, screen, data: {}, flow_token: token() });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      error: 'bad_request',
      message: expect.stringMatching(/^flow book-appointment sends no /),
    });
  });
});

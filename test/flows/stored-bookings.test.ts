import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { tokenKey } from '../../src/tokens/token-key';
import { CONTACT, SLOT } from '../helpers/appointment-journey';
import { captureLogs } from '../helpers/log-capture';

const CONTACT_RECORD = {
  name: CONTACT.name,
  email: CONTACT.email,
  phone: CONTACT.phone,
  moreDetails: CONTACT.more_details,
};
const SLOT_KEY = `${SLOT.department}|${SLOT.location}|${SLOT.date}|${SLOT.time}`;

/** A booking as the earlier version wrote it: with the raw flow token. */
async function storeEarlierBooking(store: ReturnType<typeof createSqliteStore>, flowToken: string) {
  await store.set(
    `booking:slot:${SLOT_KEY}`,
    JSON.stringify({
      id: 'b-1',
      flowToken,
      slot: SLOT,
      contact: CONTACT_RECORD,
      createdAt: '2026-03-01T10:00:00.000Z',
    }),
  );
  await store.addToSet('booking:all', SLOT_KEY);
  await store.set(`booking:token:${tokenKey(flowToken)}`, SLOT_KEY);
}

describe('stored bookings', () => {
  it('when a booking is made, then the store holds the token’s hash and never the token', async () => {
    const store = createSqliteStore(':memory:');
    const bookings = createBookingStore(store, { log: captureLogs().logger });
    await bookings.book(SLOT, 'secret-token-1', CONTACT_RECORD, new Date());
    const row = await store.get(`booking:slot:${SLOT_KEY}`);
    expect(row).toContain(tokenKey('secret-token-1'));
    expect(row).not.toContain('secret-token-1');
  });

  it('when a row of the earlier format is read, then it has the hash, and the row is rewritten without the token', async () => {
    const store = createSqliteStore(':memory:');
    await storeEarlierBooking(store, 'old-token-7');
    const bookings = createBookingStore(store, { log: captureLogs().logger });

    expect(await bookings.bookingFor('old-token-7')).toEqual({
      id: 'b-1',
      tokenKey: tokenKey('old-token-7'),
      slot: SLOT,
      contact: CONTACT_RECORD,
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    const row = await store.get(`booking:slot:${SLOT_KEY}`);
    expect(row).not.toContain('old-token-7');
    expect(await bookings.all()).toHaveLength(1);
  });

  it('when the earlier booking’s token books its slot again, then it gets its own booking back', async () => {
    const store = createSqliteStore(':memory:');
    await storeEarlierBooking(store, 'old-token-8');
    const bookings = createBookingStore(store, { log: captureLogs().logger });
    const again = await bookings.book(SLOT, 'old-token-8', CONTACT_RECORD, new Date());
    expect(again).toMatchObject({ ok: true, booking: { id: 'b-1' } });
    expect(await bookings.book(SLOT, 'someone-else', CONTACT_RECORD, new Date())).toEqual({
      ok: false,
      reason: 'slot_taken',
    });
  });

  it('when a stored booking is corrupt, then it is left out and logged without its content', async () => {
    const store = createSqliteStore(':memory:');
    const logs = captureLogs();
    const bookings = createBookingStore(store, { log: logs.logger });
    await bookings.book(SLOT, 'token-a', CONTACT_RECORD, new Date());
    await store.set('booking:slot:bad', JSON.stringify({ id: 'b-2', contact: CONTACT_RECORD }));
    await store.addToSet('booking:all', 'bad');

    expect(await bookings.all()).toHaveLength(1);
    const warning = logs.lines().find((line) => line.record === 'booking');
    expect(warning).toMatchObject({ level: 40, fields: ['tokenKey', 'slot', 'createdAt'] });
    expect(JSON.stringify(logs.lines())).not.toContain(CONTACT.email);
  });
});

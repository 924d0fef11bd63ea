import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogs } from '../helpers/log-capture';
import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { CONTACT, SLOT } from '../helpers/appointment-journey';
import { createTestApp } from '../helpers/test-app';

describe('book-appointment under contention (SQLite file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when 50 users confirm the same slot at once, then exactly one books it and 49 stay on SUMMARY with an error', async () => {
    const store = createSqliteStore(join(dir, 'flows.db'));
    const { send, token } = createTestApp({ store });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        send({
          version: '3.0',
          action: 'data_exchange',
          screen: 'SUMMARY',
          data: { ...SLOT, ...CONTACT, name: `User ${i}` },
          flow_token: token(`user-${i}`),
        }),
      ),
    );
    const screens = replies.map((reply) => reply.json.screen);
    expect(screens.filter((screen) => screen === 'SUCCESS')).toHaveLength(1);
    const refused = replies.filter((reply) => reply.json.screen === 'SUMMARY');
    expect(refused).toHaveLength(49);
    for (const reply of refused) {
      expect(reply.json.data).toEqual({
        error_message: 'Sorry, that time has just been taken. Please go back and choose another.',
      });
    }
    expect(await createBookingStore(store, { log: captureLogs().logger }).all()).toHaveLength(1);
    await store.close();
  });

  it('when the server restarts, then the bookings are still there and the slot stays taken', async () => {
    const file = join(dir, 'flows.db');
    const before = createSqliteStore(file);
    const first = createTestApp({ store: before });
    const booked = await first.send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'SUMMARY',
      data: { ...SLOT, ...CONTACT },
      flow_token: first.token('ada'),
    });
    expect(booked.json.screen).toBe('SUCCESS');
    await before.close();

    const after = createSqliteStore(file);
    const second = createTestApp({ store: after });
    const bookings = await createBookingStore(after, { log: captureLogs().logger }).all();
    expect(bookings).toEqual([
      expect.objectContaining({
        slot: SLOT,
        contact: expect.objectContaining({ name: CONTACT.name }),
      }),
    ]);
    const times = await second.send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      data: { trigger: 'date_selected', ...SLOT },
      flow_token: second.token('bob'),
    });
    const disabled = (times.json.data as { time: { id: string; enabled?: boolean }[] }).time.filter(
      (time) => time.enabled === false,
    );
    expect(disabled.map((time) => time.id)).toEqual([SLOT.time]);
    await after.close();
  });
});

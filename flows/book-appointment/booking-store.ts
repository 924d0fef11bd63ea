import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { storedJson, tokenKey, type Store, type LogSource } from 'flows-endpoint';

const slotSchema = z.object({
  department: z.string(),
  location: z.string(),
  /** YYYY-MM-DD */
  date: z.string(),
  /** HH:MM */
  time: z.string(),
});

const contactSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  moreDetails: z.string(),
});

const bookingSchema = z.object({
  id: z.string(),
  /** `tokenKey(flowToken)`: the token's hash, never the token. */
  tokenKey: z.string(),
  slot: slotSchema,
  contact: contactSchema,
  createdAt: z.string(),
});

/** Rows written before bookings kept only the token's hash: read as the hash, then rewritten. */
const earlierBookingSchema = bookingSchema
  .omit({ tokenKey: true })
  .extend({ flowToken: z.string() })
  .transform(({ flowToken, ...booking }) => ({ ...booking, tokenKey: tokenKey(flowToken) }));

export type Slot = z.infer<typeof slotSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Booking = z.infer<typeof bookingSchema>;

const bookingRecord = storedJson<Booking>(
  'booking',
  z.union([bookingSchema, earlierBookingSchema]),
);

export type BookResult = { ok: true; booking: Booking } | { ok: false; reason: 'slot_taken' };

export interface BookingStore {
  /** `date|time` of every booked slot of a department at a location. */
  takenTimes(department: string, location: string): Promise<Set<string>>;
  bookingFor(flowToken: string): Promise<Booking | undefined>;
  /** Books the slot once, across processes; the same token booking it again gets its booking back. */
  book(slot: Slot, flowToken: string, contact: Contact, now: Date): Promise<BookResult>;
  all(): Promise<Booking[]>;
}

export function slotKey(slot: Slot): string {
  return `${slot.department}|${slot.location}|${slot.date}|${slot.time}`;
}

const SLOT = (key: string) => `booking:slot:${key}`;
const TAKEN = (department: string, location: string) => `booking:taken:${department}|${location}`;
const BY_TOKEN = (hash: string) => `booking:token:${hash}`;
const ALL = 'booking:all';

/**
 * Bookings in the shared store, parsed when read back. The slot key is claimed with one atomic
 * set-if-absent, so two confirmations of one slot, from any two processes, cannot both win.
 */
export function createBookingStore(store: Store, logs: LogSource): BookingStore {
  const read = async (key: string) => {
    const stored = await store.get(SLOT(key));
    const booking = bookingRecord.read(stored, logs);
    // An earlier row still holds the raw token: it is replaced by the hash on first read.
    if (booking && stored?.includes('"flowToken":')) {
      await store.set(SLOT(key), bookingRecord.write(booking));
    }
    return booking;
  };
  return {
    takenTimes: async (department, location) =>
      new Set(await store.setMembers(TAKEN(department, location))),

    async bookingFor(flowToken) {
      const key = await store.get(BY_TOKEN(tokenKey(flowToken)));
      return key === undefined ? undefined : read(key);
    },

    async book(slot, flowToken, contact, now) {
      const key = slotKey(slot);
      const hash = tokenKey(flowToken);
      const booking: Booking = {
        id: randomUUID(),
        tokenKey: hash,
        slot,
        contact,
        createdAt: now.toISOString(),
      };
      if (!(await store.setIfAbsent(SLOT(key), bookingRecord.write(booking)))) {
        const holder = await read(key);
        return holder?.tokenKey === hash
          ? { ok: true, booking: holder }
          : { ok: false, reason: 'slot_taken' };
      }
      await store.addToSet(TAKEN(slot.department, slot.location), `${slot.date}|${slot.time}`);
      await store.addToSet(ALL, key);
      await store.set(BY_TOKEN(hash), key);
      return { ok: true, booking };
    },

    async all() {
      const bookings = await Promise.all((await store.setMembers(ALL)).map(read));
      return bookings
        .filter((booking): booking is Booking => booking !== undefined)
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    },
  };
}

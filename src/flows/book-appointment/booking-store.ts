import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store';
import { tokenKey } from '../../tokens/token-key';

export interface Slot {
  department: string;
  location: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
}

export interface Contact {
  name: string;
  email: string;
  phone: string;
  moreDetails: string;
}

export interface Booking {
  id: string;
  flowToken: string;
  slot: Slot;
  contact: Contact;
  createdAt: string;
}

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
const BY_TOKEN = (flowToken: string) => `booking:token:${tokenKey(flowToken)}`;
const ALL = 'booking:all';

/**
 * Bookings in the shared store. The slot key is claimed with one atomic set-if-absent, so two
 * confirmations of one slot, from any two processes, cannot both win.
 */
export function createBookingStore(store: Store): BookingStore {
  const read = async (key: string) => {
    const stored = await store.get(SLOT(key));
    return stored === undefined ? undefined : (JSON.parse(stored) as Booking);
  };
  return {
    takenTimes: async (department, location) =>
      new Set(await store.setMembers(TAKEN(department, location))),

    async bookingFor(flowToken) {
      const key = await store.get(BY_TOKEN(flowToken));
      return key === undefined ? undefined : read(key);
    },

    async book(slot, flowToken, contact, now) {
      const key = slotKey(slot);
      const booking: Booking = {
        id: randomUUID(),
        flowToken,
        slot,
        contact,
        createdAt: now.toISOString(),
      };
      if (!(await store.setIfAbsent(SLOT(key), JSON.stringify(booking)))) {
        const holder = await read(key);
        return holder?.flowToken === flowToken
          ? { ok: true, booking: holder }
          : { ok: false, reason: 'slot_taken' };
      }
      await store.addToSet(TAKEN(slot.department, slot.location), `${slot.date}|${slot.time}`);
      await store.addToSet(ALL, key);
      await store.set(BY_TOKEN(flowToken), key);
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

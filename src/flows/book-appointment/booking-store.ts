import { randomUUID } from 'node:crypto';

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
  isBooked(slot: Slot): boolean;
  bookingFor(flowToken: string): Booking | undefined;
  all(): Booking[];
  /** Books the slot once; the same token confirming again gets its own booking back. */
  book(slot: Slot, flowToken: string, contact: Contact, now: Date): BookResult;
}

export function slotKey(slot: Slot): string {
  return `${slot.department}|${slot.location}|${slot.date}|${slot.time}`;
}

/** Bookings kept in this process; durable stores replace it behind the same interface. */
export function createMemoryBookingStore(): BookingStore {
  const bySlot = new Map<string, Booking>();
  const byToken = new Map<string, Booking>();
  return {
    isBooked: (slot) => bySlot.has(slotKey(slot)),
    bookingFor: (flowToken) => byToken.get(flowToken),
    all: () => [...bySlot.values()],
    book(slot, flowToken, contact, now) {
      const mine = byToken.get(flowToken);
      if (mine && slotKey(mine.slot) === slotKey(slot)) return { ok: true, booking: mine };
      if (bySlot.has(slotKey(slot))) return { ok: false, reason: 'slot_taken' };
      const booking: Booking = {
        id: randomUUID(),
        flowToken,
        slot,
        contact,
        createdAt: now.toISOString(),
      };
      bySlot.set(slotKey(slot), booking);
      byToken.set(flowToken, booking);
      return { ok: true, booking };
    },
  };
}

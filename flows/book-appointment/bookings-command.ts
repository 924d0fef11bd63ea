import { csvLine, type FlowCommand } from 'flows-endpoint';
import { createBookingStore, type Booking } from './booking-store';

const COLUMNS = [
  'id',
  'created_at',
  'department',
  'location',
  'date',
  'time',
  'name',
  'email',
  'phone',
  'more_details',
];

const row = (booking: Booking) => [
  booking.id,
  booking.createdAt,
  booking.slot.department,
  booking.slot.location,
  booking.slot.date,
  booking.slot.time,
  booking.contact.name,
  booking.contact.email,
  booking.contact.phone,
  booking.contact.moreDetails,
];

/**
 * `flows-endpoint bookings [--format csv|json]`: book-appointment's bookings from STORE_URL,
 * oldest first. Needs only STORE_URL, and refuses a SQLite file that is not there. No flow token
 * is printed: the store keeps only its hash.
 */
export const bookingsCommand: FlowCommand = {
  name: 'bookings',
  description: "export book-appointment's bookings from STORE_URL",
  options: [
    {
      flags: '--format <format>',
      description: 'csv or json',
      choices: ['csv', 'json'],
      default: 'csv',
    },
  ],
  example: 'npx flows-endpoint bookings --format csv > bookings.csv',
  async run({ options, store, log }) {
    // Unreadable rows are skipped with a warning on stderr; stdout stays the export.
    const bookings = await createBookingStore(store, { log }).all();
    if (options.format === 'json') {
      const exported = bookings.map(({ id, slot, contact, createdAt }) => ({
        id,
        slot,
        contact,
        createdAt,
      }));
      return JSON.stringify(exported, null, 2);
    }
    return [csvLine(COLUMNS), ...bookings.map((booking) => csvLine(row(booking)))].join('\n');
  },
};

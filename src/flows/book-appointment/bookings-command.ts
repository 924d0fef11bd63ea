import { Command } from 'commander';
import pino from 'pino';
import { z } from 'zod';
import { csvLine } from '../../cli/csv';
import { withRecordedStore } from '../../cli/open-store';
import { parseFlag } from '../../cli/parse-flag';
import { action } from '../../cli/run-cli';
import { createLogger } from '../../logging/create-logger';
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
 * `flows bookings [--format csv|json]`: book-appointment's bookings from STORE_URL, oldest first.
 * Needs only STORE_URL, and refuses a SQLite file that is not there. No flow token is printed: the
 * store keeps only its hash.
 */
export function bookingsCommand(): Command {
  return new Command('bookings')
    .description("export book-appointment's bookings from STORE_URL")
    .option('--format <format>', 'csv or json', 'csv')
    .addHelpText(
      'after',
      '\nExample:\n  npm run --silent flows -- bookings --format csv > bookings.csv',
    )
    .action(
      action(async (options: { format: string }) => {
        const format = parseFlag(z.enum(['csv', 'json']), options.format, '--format');
        // Unreadable rows are skipped with a warning on stderr; stdout stays the export.
        const log = createLogger('warn', pino.destination(2));
        const bookings = await withRecordedStore((store) =>
          createBookingStore(store, { log }).all(),
        );
        if (format === 'json') {
          const exported = bookings.map(({ id, slot, contact, createdAt }) => ({
            id,
            slot,
            contact,
            createdAt,
          }));
          console.log(JSON.stringify(exported, null, 2));
        } else {
          console.log(
            [csvLine(COLUMNS), ...bookings.map((booking) => csvLine(row(booking)))].join('\n'),
          );
        }
      }),
    );
}

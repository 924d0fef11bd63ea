import { Command } from 'commander';
import { z } from 'zod';
import { storeUrlVariable } from '../config/config-schema';
import { createBookingStore, type Booking } from '../flows/book-appointment/booking-store';
import { csvLine } from './csv';
import { loadCommandEnv } from './load-command-env';
import { withStore } from './open-store';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';

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
  'flow_token',
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
  booking.flowToken,
];

/**
 * `flows bookings [--format csv|json]`: book-appointment's bookings from STORE_URL, oldest first.
 * Needs only STORE_URL, and refuses a SQLite file that is not there.
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
        const env = loadCommandEnv(z.object({ STORE_URL: storeUrlVariable }));
        const bookings = await withStore(env.STORE_URL, { mustExist: true }, (store) =>
          createBookingStore(store).all(),
        );
        if (format === 'json') console.log(JSON.stringify(bookings, null, 2));
        else
          console.log(
            [csvLine(COLUMNS), ...bookings.map((booking) => csvLine(row(booking)))].join('\n'),
          );
      }),
    );
}

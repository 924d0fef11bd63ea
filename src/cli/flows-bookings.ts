import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { createBookingStore, type Booking } from '../flows/book-appointment/booking-store';
import { createStore } from '../store/create-store';
import { csvLine } from './csv';
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

/** `flows bookings [--format csv|json]`: book-appointment's bookings from STORE_URL, oldest first. */
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
        loadDotenv({ quiet: true });
        const store = createStore(loadConfig(process.env).storeUrl);
        try {
          const bookings = await createBookingStore(store).all();
          if (format === 'json') console.log(JSON.stringify(bookings, null, 2));
          else
            console.log(
              [csvLine(COLUMNS), ...bookings.map((booking) => csvLine(row(booking)))].join('\n'),
            );
        } finally {
          await store.close();
        }
      }),
    );
}

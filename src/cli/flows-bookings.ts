import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config/load-config';
import { createBookingStore, type Booking } from '../flows/book-appointment/booking-store';
import { createStore } from '../store/create-store';
import { csvLine } from './csv';

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
export async function runBookingsCommand(args: string[]): Promise<number> {
  let format: string;
  try {
    const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'csv' } } });
    format = values.format;
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (format !== 'csv' && format !== 'json') {
    console.error('--format must be csv or json');
    return 2;
  }
  loadDotenv({ quiet: true });
  const store = createStore(loadConfig(process.env).storeUrl);
  try {
    const bookings = await createBookingStore(store).all();
    if (format === 'json') console.log(JSON.stringify(bookings, null, 2));
    else
      console.log(
        [csvLine(COLUMNS), ...bookings.map((booking) => csvLine(row(booking)))].join('\n'),
      );
    return 0;
  } finally {
    await store.close();
  }
}

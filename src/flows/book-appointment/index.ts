import { defineFlow, type BaseContext } from '../../router/define-flow';
import type { Store } from '../../store/store';
import { appointmentScreenData, type Choices } from './appointment-screen';
import { createAvailability, type Taken } from './availability';
import { createBookingStore, slotKey, type Booking } from './booking-store';
import { catalogue as defaultCatalogue, type Catalogue } from './catalogue';
import { checkDetails } from './check-details';
import { describeAppointment } from './describe-appointment';
import { detailsInputSchema } from './details-input';
import flowJson from './flow.json';
import type { BookAppointmentFlow } from './flow-types.generated';

export interface BookAppointmentOptions {
  store: Store;
  catalogue?: Catalogue;
  now?: () => Date;
}

/** How many fields a dropdown's selection makes current; the ones after it are stale. */
const TRIGGER_DEPTH = { department_selected: 1, location_selected: 2, date_selected: 3 } as const;

const SLOT_TAKEN = 'Sorry, that time has just been booked. Please choose another.';
const NOTHING_TAKEN: Taken = new Set();

/**
 * Meta's "Book an appointment" template, served for real: APPOINTMENT → DETAILS → SUMMARY → SUCCESS,
 * with availability derived from a catalogue, the clock and the bookings in the store.
 */
export function createBookAppointmentFlow(options: BookAppointmentOptions) {
  const bookings = createBookingStore(options.store);
  const now = options.now ?? (() => new Date());
  const availability = createAvailability(options.catalogue ?? defaultCatalogue, now);

  type Ctx = BaseContext<BookAppointmentFlow>;
  const takenAt = (choices: Choices) =>
    choices.department && choices.location
      ? bookings.takenTimes(choices.department.id, choices.location.id)
      : Promise.resolve(NOTHING_TAKEN);
  const appointment = async (ctx: Ctx, choices: Choices, error?: string) =>
    ctx.next('APPOINTMENT', {
      ...appointmentScreenData(availability, choices, await takenAt(choices)),
      ...(error && { error_message: error }),
    });
  const completed = (ctx: Ctx, booking: Booking) =>
    ctx.complete({ booking_id: booking.id, ...booking.slot });

  return defineFlow<BookAppointmentFlow>({
    name: 'book-appointment',
    flowJson,
    categories: ['APPOINTMENT_BOOKING'],
    tokenInvalidMessage: 'This booking link has expired. Please ask us for a new one.',

    INIT: (ctx) => appointment(ctx, {}),

    screens: {
      APPOINTMENT: {
        // refresh_on_back: availability may have changed while the user was on DETAILS.
        BACK: (ctx) => appointment(ctx, {}),

        async data_exchange(ctx) {
          const { data } = ctx;
          const depth = TRIGGER_DEPTH[data.trigger];

          const department = availability.department(data.department);
          if (!department) return appointment(ctx, {}, 'Please choose a department from the list.');
          if (depth < 2 || !('location' in data)) return appointment(ctx, { department });

          const location = availability.location(department, data.location);
          if (!location) {
            return appointment(
              ctx,
              { department },
              `Please choose a location that offers ${department.title}.`,
            );
          }
          if (depth < 3 || !('date' in data)) return appointment(ctx, { department, location });

          const taken = await takenAt({ department, location });
          const date = data.date;
          const offered = availability.dates(location, taken);
          if (!offered.some((option) => option.id === date && option.enabled !== false)) {
            return appointment(
              ctx,
              { department, location },
              'Please choose one of the available dates.',
            );
          }
          return appointment(ctx, { department, location, date });
        },
      },

      DETAILS: {
        input: detailsInputSchema,

        async data_exchange(ctx) {
          const checked = checkDetails(ctx.data, availability);
          if (!checked.ok) return ctx.showError(checked.message);
          const { slot, department, location } = checked;
          if (!availability.isBookable(slot, await takenAt({ department, location }))) {
            return ctx.showError(`${SLOT_TAKEN} Go back to pick a new time.`);
          }
          return ctx.next('SUMMARY', {
            ...describeAppointment(ctx.data, department, location),
            ...ctx.data,
            more_details: ctx.data.more_details ?? '',
          });
        },
      },

      SUMMARY: {
        input: detailsInputSchema,

        async data_exchange(ctx) {
          const checked = checkDetails(ctx.data, availability);
          if (!checked.ok) return ctx.showError(checked.message);
          const { slot, department, location } = checked;
          const { name, email, phone, more_details: moreDetails } = ctx.data;

          // WhatsApp may resend a confirmation: the user's own booking is answered again.
          const previous = await bookings.bookingFor(ctx.flowToken);
          if (previous && slotKey(previous.slot) === slotKey(slot)) return completed(ctx, previous);

          const bookable = availability.isBookable(slot, await takenAt({ department, location }));
          const result = bookable
            ? await bookings.book(slot, ctx.flowToken, { name, email, phone, moreDetails }, now())
            : { ok: false as const };
          if (!result.ok) return appointment(ctx, { department, location }, SLOT_TAKEN);

          ctx.log.info({ bookingId: result.booking.id }, 'appointment booked');
          return completed(ctx, result.booking);
        },
      },
    },
  });
}

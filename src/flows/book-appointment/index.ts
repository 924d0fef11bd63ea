import { defineFlow, type FlowContext } from '../../router/define-flow';
import { appointmentInputSchema } from './appointment-input';
import { appointmentScreenData, type Choices } from './appointment-screen';
import { createAvailability } from './availability';
import {
  createMemoryBookingStore,
  slotKey,
  type Booking,
  type BookingStore,
} from './booking-store';
import { catalogue as defaultCatalogue, type Catalogue } from './catalogue';
import { checkDetails } from './check-details';
import { describeAppointment } from './describe-appointment';
import { detailsScreenData, summaryScreenData } from './screen-data';

export interface BookAppointmentOptions {
  catalogue?: Catalogue;
  bookings?: BookingStore;
  now?: () => Date;
}

/** How many fields a dropdown's selection makes current; the ones after it are stale. */
const TRIGGER_DEPTH = { department_selected: 1, location_selected: 2, date_selected: 3 } as const;

const SLOT_TAKEN = 'Sorry, that time has just been booked. Please choose another.';

/**
 * Meta's "Book an appointment" template, served for real: APPOINTMENT → DETAILS → SUMMARY → SUCCESS,
 * with availability derived from a catalogue, the clock and the bookings so far.
 */
export function createBookAppointmentFlow(options: BookAppointmentOptions = {}) {
  const bookings = options.bookings ?? createMemoryBookingStore();
  const now = options.now ?? (() => new Date());
  const availability = createAvailability(options.catalogue ?? defaultCatalogue, bookings, now);

  const appointment = (ctx: FlowContext, choices: Choices, error?: string) => {
    const data = appointmentScreenData(availability, choices);
    return error ? ctx.showError(error, data, 'APPOINTMENT') : ctx.next('APPOINTMENT', data);
  };
  const completed = (ctx: FlowContext, booking: Booking) =>
    ctx.complete({ booking_id: booking.id, ...booking.slot });

  return defineFlow({
    name: 'book-appointment',
    tokenInvalidMessage: 'This booking link has expired. Please ask us for a new one.',

    INIT: (ctx) => appointment(ctx, {}),

    screens: {
      APPOINTMENT: {
        // refresh_on_back: availability may have changed while the user was on DETAILS.
        BACK: (ctx) => appointment(ctx, {}),

        data_exchange(ctx) {
          const parsed = appointmentInputSchema.safeParse(ctx.data);
          if (!parsed.success) return appointment(ctx, {}, 'Please choose again.');
          const { trigger, department: departmentId, location: locationId, date } = parsed.data;
          const depth = trigger ? TRIGGER_DEPTH[trigger] : 3;

          const department = availability.department(departmentId);
          if (!department) return appointment(ctx, {}, 'Please choose a department from the list.');
          if (depth < 2) return appointment(ctx, { department });

          const location = availability.location(department, locationId);
          if (!location) {
            return appointment(
              ctx,
              { department },
              `Please choose a location that offers ${department.title}.`,
            );
          }
          if (depth < 3) return appointment(ctx, { department, location });

          const offered = availability.dates(department, location);
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
        data_exchange(ctx) {
          const checked = checkDetails(ctx.data, availability);
          if (!checked.ok) return ctx.showError(checked.message, detailsScreenData(ctx.data));
          if (!availability.isBookable(checked.slot)) {
            return ctx.showError(
              `${SLOT_TAKEN} Go back to pick a new time.`,
              detailsScreenData(ctx.data),
            );
          }
          const { input, department, location } = checked;
          return ctx.next('SUMMARY', {
            ...describeAppointment(input, department, location),
            ...input,
          });
        },
      },

      SUMMARY: {
        data_exchange(ctx) {
          const checked = checkDetails(ctx.data, availability);
          if (!checked.ok) return ctx.showError(checked.message, summaryScreenData(ctx.data));
          const { input, slot, department, location } = checked;

          // WhatsApp may resend a confirmation: the user's own booking is answered again, not refused.
          const previous = bookings.bookingFor(ctx.flowToken);
          if (previous && slotKey(previous.slot) === slotKey(slot)) return completed(ctx, previous);

          const result = availability.isBookable(slot)
            ? bookings.book(
                slot,
                ctx.flowToken,
                {
                  name: input.name,
                  email: input.email,
                  phone: input.phone,
                  moreDetails: input.more_details,
                },
                now(),
              )
            : { ok: false as const };
          if (!result.ok) return appointment(ctx, { department, location }, SLOT_TAKEN);

          ctx.log.info({ bookingId: result.booking.id }, 'appointment booked');
          return completed(ctx, result.booking);
        },
      },
    },
  });
}

export const bookAppointment = createBookAppointmentFlow();

import { z } from 'zod';
import {
  defineFlow,
  type BaseContext,
  type WithSettings,
  type FlowDeps,
  type Logger,
  type Store,
} from 'flows-endpoint';
import { appointmentScreenData, type Choices } from './appointment-screen';
import { createAvailability, type Taken } from './availability';
import { createBookingStore, slotKey, type Booking } from './booking-store';
import { catalogue as defaultCatalogue, type Catalogue } from './catalogue';
import { checkDetails } from './check-details';
import { describeAppointment } from './describe-appointment';
import { detailsInputSchema } from './details-input';
import flowJson from './flow.json';
import type { BookAppointmentFlow } from './flow-types.generated';

import { bookingsCommand } from './bookings-command';

export { bookingsCommand };

/** `flows-endpoint bookings`: the bookings as CSV or JSON. */
export const commands = [bookingsCommand];

export interface BookAppointmentOptions {
  store: Store;
  /** Where an unreadable stored booking is reported. */
  logger: Logger;
  catalogue?: Catalogue;
  now?: () => Date;
}

/** How many fields a dropdown's selection makes current; the ones after it are stale. */
const TRIGGER_DEPTH = { department_selected: 1, location_selected: 2, date_selected: 3 } as const;

const SLOT_TAKEN = 'Sorry, that time has just been taken. Please go back and choose another.';
const NOTHING_TAKEN: Taken = new Set();

/**
 * What each business served by a partner deployment sets for this flow (`tenants add` config,
 * `settings["book-appointment"]`): its name on the summary. A single business sets none.
 */
const settingsSchema = z.object({ businessName: z.string().min(1).max(60).optional() });
type Spec = WithSettings<BookAppointmentFlow, typeof settingsSchema>;

/** The choices made so far, kept so that going back to APPOINTMENT shows them with fresh availability. */
const CHOICES = 'choices';
const storedChoicesSchema = z.object({
  department: z.string().optional(),
  location: z.string().optional(),
  date: z.string().optional(),
});
type StoredChoices = z.infer<typeof storedChoicesSchema>;

/**
 * Meta's "Book an appointment" template, served for real: APPOINTMENT → DETAILS → SUMMARY → SUCCESS,
 * with availability derived from a catalogue, the clock and the bookings in the store. The routes
 * never lead back (Meta refuses a loop): a slot taken meanwhile keeps the user on the screen
 * with an error, and going back to APPOINTMENT refreshes its lists.
 */
export function createBookAppointmentFlow(options: BookAppointmentOptions) {
  // Each business's bookings in its own part of the store (ctx.store): the default tenant's is the
  // store itself, a stored tenant's is apart, erased with it and exported with `--tenant`.
  const bookingsOf = (ctx: { store: Store }) =>
    createBookingStore(ctx.store, { log: options.logger });
  const now = options.now ?? (() => new Date());
  const availability = createAvailability(options.catalogue ?? defaultCatalogue, now);

  type Ctx = BaseContext<Spec>;
  const takenAt = (ctx: Ctx, choices: Choices) =>
    choices.department && choices.location
      ? bookingsOf(ctx).takenTimes(choices.department.id, choices.location.id)
      : Promise.resolve(NOTHING_TAKEN);
  const appointment = async (ctx: Ctx, choices: Choices, error?: string) =>
    ctx.next('APPOINTMENT', {
      ...appointmentScreenData(availability, choices, await takenAt(ctx, choices)),
      ...(error && { error_message: error }),
    });
  const completed = (ctx: Ctx, booking: Booking) =>
    ctx.complete({ booking_id: booking.id, ...booking.slot });
  const remember = (ctx: Ctx, choices: StoredChoices) =>
    ctx.session.set(CHOICES, {
      department: choices.department,
      location: choices.location,
      date: choices.date,
    });
  /** The remembered choices still offered now; a date no longer bookable is dropped. */
  const recalled = async (ctx: Ctx): Promise<Choices> => {
    const stored = storedChoicesSchema.safeParse(await ctx.session.get(CHOICES));
    if (!stored.success) return {};
    const department = availability.department(stored.data.department);
    if (!department) return {};
    const location = availability.location(department, stored.data.location);
    if (!location) return { department };
    const date = stored.data.date;
    const open = availability
      .dates(location, await takenAt(ctx, { department, location }))
      .some((option) => option.id === date && option.enabled !== false);
    return open ? { department, location, date } : { department, location };
  };

  return defineFlow<Spec>()({
    name: 'book-appointment',
    flowJson,
    tenantSettings: settingsSchema,
    categories: ['APPOINTMENT_BOOKING'],
    businessName: 'Kings Cross Store',
    message: {
      header: 'Book an appointment',
      body: 'Pick a department, a place and a time that suit you.',
      footer: 'You can change it later.',
      cta: 'Book now',
    },
    tokenInvalidMessage: 'This booking link has expired. Please ask us for a new one.',

    INIT: (ctx) => appointment(ctx, {}),

    screens: {
      APPOINTMENT: {
        // refresh_on_back: a time may have been taken while the user was on DETAILS or SUMMARY.
        BACK: async (ctx) => appointment(ctx, await recalled(ctx)),

        async data_exchange(ctx) {
          const { data } = ctx;
          const depth = TRIGGER_DEPTH[data.trigger];

          const department = availability.department(data.department);
          if (!department) return appointment(ctx, {}, 'Please choose a department from the list.');
          // Choices are remembered once a date is chosen: BACK reaches APPOINTMENT only from
          // DETAILS, and DETAILS only after a date, so earlier selections need no store write.
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

          const taken = await takenAt(ctx, { department, location });
          const date = data.date;
          const offered = availability.dates(location, taken);
          if (!offered.some((option) => option.id === date && option.enabled !== false)) {
            return appointment(
              ctx,
              { department, location },
              'Please choose one of the available dates.',
            );
          }
          await remember(ctx, { department: department.id, location: location.id, date });
          return appointment(ctx, { department, location, date });
        },
      },

      DETAILS: {
        input: detailsInputSchema,

        async data_exchange(ctx) {
          const checked = checkDetails(ctx.data, availability);
          if (!checked.ok) return ctx.showError(checked.message);
          const { slot, department, location } = checked;
          await remember(ctx, slot);
          if (!availability.isBookable(slot, await takenAt(ctx, { department, location }))) {
            return ctx.showError(SLOT_TAKEN);
          }
          // ctx.data is what detailsInputSchema gives: trimmed, more_details defaulted to ''.
          return ctx.next('SUMMARY', {
            ...describeAppointment(
              ctx.data,
              department,
              location,
              ctx.tenant.settings.businessName,
            ),
            ...ctx.data,
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
          const previous = await bookingsOf(ctx).bookingFor(ctx.flowToken);
          if (previous && slotKey(previous.slot) === slotKey(slot)) return completed(ctx, previous);

          const bookable = availability.isBookable(
            slot,
            await takenAt(ctx, { department, location }),
          );
          const result = bookable
            ? await bookingsOf(ctx).book(
                slot,
                ctx.flowToken,
                { name, email, phone, moreDetails },
                now(),
              )
            : { ok: false as const };
          // No route leads back (Meta refuses loops): the user stays here and goes back to choose.
          if (!result.ok) {
            await remember(ctx, slot);
            return ctx.showError(SLOT_TAKEN);
          }

          ctx.log.info({ bookingId: result.booking.id }, 'appointment booked');
          return completed(ctx, result.booking);
        },
      },
    },
  });
}

/** Served by the project's server, with its store and logger. */
export default ({ store, logger }: FlowDeps) => createBookAppointmentFlow({ store, logger });

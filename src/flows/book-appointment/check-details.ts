import { detailsInputSchema, type DetailsInput } from './appointment-input';
import type { Availability } from './availability';
import type { Slot } from './booking-store';
import type { Department, Location } from './catalogue';

export type CheckedDetails =
  | { ok: true; input: DetailsInput; slot: Slot; department: Department; location: Location }
  | { ok: false; message: string };

/** Parses what DETAILS and SUMMARY send; ids must exist in the catalogue. */
export function checkDetails(
  data: Record<string, unknown>,
  availability: Availability,
): CheckedDetails {
  const parsed = detailsInputSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Please check your details.' };
  }
  const input = parsed.data;
  const department = availability.department(input.department);
  const location = department && availability.location(department, input.location);
  if (!department || !location) {
    return {
      ok: false,
      message: 'That department or location is not offered. Please go back and choose again.',
    };
  }
  const slot = {
    department: input.department,
    location: input.location,
    date: input.date,
    time: input.time,
  };
  return { ok: true, input, slot, department, location };
}

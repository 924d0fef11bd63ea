import type { Availability } from './availability';
import type { Slot } from './booking-store';
import type { Department, Location } from './catalogue';

export type CheckedDetails =
  | { ok: true; slot: Slot; department: Department; location: Location }
  | { ok: false; message: string };

/** The ids DETAILS and SUMMARY send must exist in the catalogue, the location offering the department. */
export function checkDetails(data: Slot, availability: Availability): CheckedDetails {
  const department = availability.department(data.department);
  const location = department && availability.location(department, data.location);
  if (!department || !location) {
    return {
      ok: false,
      message: 'That department or location is not offered. Please go back and choose again.',
    };
  }
  const slot = {
    department: data.department,
    location: data.location,
    date: data.date,
    time: data.time,
  };
  return { ok: true, slot, department, location };
}

import type { BookingStore, Slot } from './booking-store';
import type { Catalogue, Department, Location } from './catalogue';
import { addDays, localDateId, localTime } from './local-date';

export interface Option {
  id: string;
  title: string;
  enabled?: boolean;
}

export interface Availability {
  department(id: string | undefined): Department | undefined;
  /** The location, if `department` is offered there. */
  location(department: Department, id: string | undefined): Location | undefined;
  departments(): Option[];
  locations(department: Department): Option[];
  /** Open days from today on; a day with every time taken is shown disabled. */
  dates(department: Department, location: Location): Option[];
  /** The location's times on `date`; taken or past times are shown disabled. */
  times(department: Department, location: Location, date: string): Option[];
  /** True when `date` is one of the offered dates and `time` is free and not past. */
  isBookable(slot: Slot): boolean;
}

/** Real availability: derived from the catalogue, the clock and the bookings, never random. */
export function createAvailability(
  catalogue: Catalogue,
  bookings: BookingStore,
  now: () => Date,
): Availability {
  const openDates = (location: Location): Date[] => {
    const today = now();
    const dates: Date[] = [];
    for (let day = 0; day < catalogue.daysAhead && dates.length < catalogue.maxDates; day++) {
      const date = addDays(today, day);
      if (location.openDays.includes(date.getDay())) dates.push(date);
    }
    return dates;
  };

  const timeOptions = (department: Department, location: Location, date: string): Option[] => {
    const current = now();
    const isToday = date === localDateId(current);
    const earliest = localTime(current);
    return location.times.map((time) => {
      const past = isToday && time <= earliest;
      const taken = bookings.isBooked({
        department: department.id,
        location: location.id,
        date,
        time,
      });
      return past || taken ? { id: time, title: time, enabled: false } : { id: time, title: time };
    });
  };

  const availability: Availability = {
    department: (id) => catalogue.departments.find((department) => department.id === id),
    location: (department, id) =>
      id !== undefined && department.locations.includes(id)
        ? catalogue.locations.find((location) => location.id === id)
        : undefined,
    departments: () => catalogue.departments.map(({ id, title }) => ({ id, title })),
    locations: (department) =>
      catalogue.locations
        .filter((location) => department.locations.includes(location.id))
        .map(({ id, title }) => ({ id, title })),
    dates: (department, location) =>
      openDates(location).map((date) => {
        const id = localDateId(date);
        const full = timeOptions(department, location, id).every((time) => time.enabled === false);
        const title = date.toDateString();
        return full ? { id, title, enabled: false } : { id, title };
      }),
    times: timeOptions,
    isBookable(slot) {
      const department = availability.department(slot.department);
      const location = department && availability.location(department, slot.location);
      if (!department || !location) return false;
      if (!openDates(location).some((date) => localDateId(date) === slot.date)) return false;
      const time = timeOptions(department, location, slot.date).find((t) => t.id === slot.time);
      return time !== undefined && time.enabled !== false;
    },
  };
  return availability;
}

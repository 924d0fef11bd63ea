import type { Slot } from './booking-store';
import type { Catalogue, Department, Location } from './catalogue';
import { addDays, localDateId, localTime } from './local-date';

export interface Option {
  id: string;
  title: string;
  enabled?: boolean;
}

/** `date|time` of the slots already booked at one department and location. */
export type Taken = ReadonlySet<string>;

export interface Availability {
  department(id: string | undefined): Department | undefined;
  /** The location, if `department` is offered there. */
  location(department: Department, id: string | undefined): Location | undefined;
  departments(): Option[];
  locations(department: Department): Option[];
  /** Open days from today on; a day with every time taken or past is shown disabled. */
  dates(location: Location, taken: Taken): Option[];
  /** The location's times on `date`; taken or past times are shown disabled. */
  times(location: Location, date: string, taken: Taken): Option[];
  /** True when `date` is an offered date and `time` one of its free, future times. */
  isBookable(slot: Slot, taken: Taken): boolean;
}

/** Real availability: derived from the catalogue, the clock and the bookings, never random. */
export function createAvailability(catalogue: Catalogue, now: () => Date): Availability {
  const openDates = (location: Location): Date[] => {
    const today = now();
    const dates: Date[] = [];
    for (let day = 0; day < catalogue.daysAhead && dates.length < catalogue.maxDates; day++) {
      const date = addDays(today, day);
      if (location.openDays.includes(date.getDay())) dates.push(date);
    }
    return dates;
  };

  const times = (location: Location, date: string, taken: Taken): Option[] => {
    const current = now();
    const isToday = date === localDateId(current);
    const earliest = localTime(current);
    return location.times.map((time) => {
      const past = isToday && time <= earliest;
      return past || taken.has(`${date}|${time}`)
        ? { id: time, title: time, enabled: false }
        : { id: time, title: time };
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
    dates: (location, taken) =>
      openDates(location).map((date) => {
        const id = localDateId(date);
        const full = times(location, id, taken).every((time) => time.enabled === false);
        const title = date.toDateString();
        return full ? { id, title, enabled: false } : { id, title };
      }),
    times,
    isBookable(slot, taken) {
      const department = availability.department(slot.department);
      const location = department && availability.location(department, slot.location);
      if (!location) return false;
      if (!openDates(location).some((date) => localDateId(date) === slot.date)) return false;
      const time = times(location, slot.date, taken).find((option) => option.id === slot.time);
      return time !== undefined && time.enabled !== false;
    },
  };
  return availability;
}

import type { Availability, Option, Taken } from './availability';
import type { Department, Location } from './catalogue';

export interface Choices {
  department?: Department;
  location?: Location;
  date?: string;
}

/**
 * APPOINTMENT's data: each list depends on the choice before it, each flag is true once the
 * fields before it are chosen. Lists not yet usable hold a single disabled hint, as a dropdown
 * needs at least one item.
 */
export function appointmentScreenData(availability: Availability, choices: Choices, taken: Taken) {
  const { department, location, date } = choices;
  const hint = (title: string): Option[] => [{ id: 'unavailable', title, enabled: false }];
  return {
    department: availability.departments(),
    location: department ? availability.locations(department) : hint('Choose a department first'),
    is_location_enabled: department !== undefined,
    date: location ? availability.dates(location, taken) : hint('Choose a location first'),
    is_date_enabled: department !== undefined && location !== undefined,
    time:
      location && date ? availability.times(location, date, taken) : hint('Choose a date first'),
    is_time_enabled: department !== undefined && location !== undefined && date !== undefined,
  };
}

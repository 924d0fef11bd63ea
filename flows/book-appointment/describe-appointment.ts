import type { Department, Location } from './catalogue';

/** The readable lines SUMMARY shows. */
export function describeAppointment(
  input: {
    date: string;
    time: string;
    name: string;
    email: string;
    phone: string;
    more_details?: string;
  },
  department: Department,
  location: Location,
): { appointment: string; details: string } {
  const dateTitle = new Date(`${input.date}T12:00:00`).toDateString();
  const details = [`Name: ${input.name}`, `Email: ${input.email}`, `Phone: ${input.phone}`];
  if (input.more_details) details.push('', `"${input.more_details}"`);
  return {
    appointment: `${department.title} at ${location.title}\n${dateTitle} at ${input.time}`,
    details: details.join('\n'),
  };
}

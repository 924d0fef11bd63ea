import type { Department, Location } from './catalogue';

/** The readable lines SUMMARY shows; a partner's tenant's business is named first. */
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
  businessName?: string,
): { appointment: string; details: string } {
  const dateTitle = new Date(`${input.date}T12:00:00`).toDateString();
  const details = [`Name: ${input.name}`, `Email: ${input.email}`, `Phone: ${input.phone}`];
  if (input.more_details) details.push('', `"${input.more_details}"`);
  return {
    appointment: [
      ...(businessName ? [businessName] : []),
      `${department.title} at ${location.title}`,
      `${dateTitle} at ${input.time}`,
    ].join('\n'),
    details: details.join('\n'),
  };
}

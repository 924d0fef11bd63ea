import { z } from 'zod';

const required = (label: string, max: number) =>
  z
    .string({ error: `${label} is missing.` })
    .trim()
    .min(1, { error: `${label} is missing.` })
    .max(max, { error: `${label} is too long.` });

/** Rules flow.json cannot say for what DETAILS and SUMMARY send: trimmed, bounded, a real email and phone. */
export const detailsInputSchema = z.object({
  department: required('The department', 64),
  location: required('The location', 64),
  date: required('The date', 10),
  time: required('The time', 5),
  name: required('Your name', 100),
  email: z.email({ error: 'Please enter a valid email address.' }).max(254),
  phone: z
    .string({ error: 'Your phone number is missing.' })
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, { error: 'Please enter a valid phone number.' }),
  more_details: z
    .string()
    .trim()
    .max(1000, { error: 'Further details are too long.' })
    .optional()
    .default(''),
});

export type DetailsInput = z.infer<typeof detailsInputSchema>;

import { z } from 'zod';

/**
 * A customer's number as WhatsApp takes it: international format, country code first, 8 to 15
 * digits. A leading `+`, spaces and dashes are allowed and dropped.
 */
export const phoneNumberSchema = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, '').replace(/^\+/, ''))
  .pipe(
    z.string().regex(/^[1-9]\d{7,14}$/, {
      error: 'must be a phone number in international format, e.g. +447700900123',
    }),
  );

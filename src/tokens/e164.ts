/** A phone number in international format: `+`, spaces, dashes and dots allowed, 8 to 15 digits. */
const PHONE = /^\+?[1-9]\d{7,14}$/;

/**
 * One form for a customer's number wherever it is kept or exported: E.164 with its `+`
 * (WhatsApp's `wa_id` and `from` come without it, people type it with). Anything that is not a
 * phone number (a subject may be another id) is left as it is.
 */
export function toE164<T extends string | undefined>(value: T): T {
  if (value === undefined) return value;
  const compact = value.replace(/[\s.()-]/g, '');
  return (PHONE.test(compact) ? `+${compact.replace(/^\+/, '')}` : value) as T;
}

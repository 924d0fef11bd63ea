import { randomInt } from 'node:crypto';

/** Letters and digits a person reads out without confusing them (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A support reference such as `SR-7KQ2M9XD`: unguessable, short enough to read over the phone. */
export function referenceNumber(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `SR-${code}`;
}

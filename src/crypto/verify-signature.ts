import { createHmac, timingSafeEqual } from 'node:crypto';
import { EndpointError } from '../errors/endpoint-error';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks X-Hub-Signature-256 against the raw request bytes, in constant time. Several secrets
 * may be given (new first) so the app secret can be rotated without downtime.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): void {
  if (header === undefined) {
    throw new EndpointError('signature_invalid', 'X-Hub-Signature-256 header missing');
  }
  const match = SIGNATURE.exec(header.trim());
  if (!match?.[1]) {
    throw new EndpointError('signature_invalid', 'X-Hub-Signature-256 header malformed');
  }
  const given = Buffer.from(match[1], 'hex');
  let valid = false;
  // Every secret is tried, so timing does not reveal which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    valid = timingSafeEqual(expected, given) || valid;
  }
  if (!valid) {
    throw new EndpointError('signature_invalid', 'X-Hub-Signature-256 does not match');
  }
}

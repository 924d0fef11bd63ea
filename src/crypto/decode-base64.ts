import { EndpointError } from '../errors/endpoint-error';

// Standard alphabet, padding optional; whitespace (line-wrapped encoders) is ignored as Node does.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE = /\s+/g;

/**
 * Decodes strictly: Node's own decoder silently skips invalid characters. What WhatsApp sends,
 * canonical padded Base64, is proven valid by encoding back to the same text, which costs less
 * than scanning it with the regular expression first; anything else takes the scan.
 */
export function decodeBase64(value: string, field: string): Buffer {
  const decoded = Buffer.from(value, 'base64');
  if (decoded.toString('base64') === value) return decoded;
  const compact = value.replace(WHITESPACE, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new EndpointError('decryption_failed', `${field} is not valid Base64`);
  }
  return Buffer.from(compact, 'base64');
}

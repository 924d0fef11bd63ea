import { EndpointError } from '../errors/endpoint-error';

// Standard alphabet, padding optional; whitespace (line-wrapped encoders) is ignored as Node does.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE = /\s+/g;

/**
 * How many bytes padded standard Base64 of this text's length decodes to; -1 where the text
 * cannot be that. Node's decoder also reads `-` and `_` (Base64url), so those are not it.
 */
function paddedLength(value: string): number {
  if (value.length % 4 !== 0 || value.includes('-') || value.includes('_')) return -1;
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding;
}

/**
 * Decodes strictly: Node's own decoder silently skips invalid characters, and stops at a `=`.
 * What WhatsApp sends, padded Base64, is proven valid by its length: any character skipped, or a
 * `=` before the end, leaves fewer bytes than its length promises. That costs no copy, unlike a
 * scan with the regular expression or encoding back; anything else takes the scan.
 */
export function decodeBase64(value: string, field: string): Buffer {
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length === paddedLength(value)) return decoded;
  const compact = value.replace(WHITESPACE, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new EndpointError('decryption_failed', `${field} is not valid Base64`);
  }
  return Buffer.from(compact, 'base64');
}

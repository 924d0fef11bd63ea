import { createHash } from 'node:crypto';
import { isRecord } from '../util/is-record';

/** JSON with object keys sorted, so equal data hashes equally whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Identifies a request by what it asks, so a resent request is recognised as the same. */
export function requestHash(action: string, screen: string | undefined, data: unknown): string {
  return createHash('sha256')
    .update(`${action}\n${screen ?? ''}\n${canonical(data)}`)
    .digest('base64url');
}

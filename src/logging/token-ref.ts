import { createHash } from 'node:crypto';

/**
 * A short, stable stand-in for a flow token in logs: enough to follow one user's journey,
 * useless to replay it.
 */
export function tokenRef(flowToken: string): string {
  return createHash('sha256').update(flowToken).digest('base64url').slice(0, 12);
}

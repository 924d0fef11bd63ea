import { createHash } from 'node:crypto';

/** The store key of a flow token: the token itself never lands in the store or the logs. */
export function tokenKey(flowToken: string): string {
  return createHash('sha256').update(flowToken).digest('base64url');
}

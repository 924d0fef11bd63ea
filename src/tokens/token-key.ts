import { createHash } from 'node:crypto';

/** A request asks for its token's key twice (its log reference, then its store key): hashed once. */
let last = { flowToken: '', key: '' };

/** The store key of a flow token: the token itself never lands in the store or the logs. */
export function tokenKey(flowToken: string): string {
  if (flowToken !== last.flowToken) {
    last = { flowToken, key: createHash('sha256').update(flowToken).digest('base64url') };
  }
  return last.key;
}

import { tokenKey } from './token-key';

/**
 * A short, stable stand-in for a flow token in logs: enough to follow one user's journey,
 * useless to replay it.
 */
export function tokenRef(flowToken: string): string {
  return tokenKey(flowToken).slice(0, 12);
}

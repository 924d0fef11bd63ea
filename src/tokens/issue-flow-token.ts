import { createHmac, randomBytes } from 'node:crypto';
import type { FlowTokenClaims } from './flow-token-claims';

export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60;

export interface IssueFlowTokenOptions {
  flow: string;
  secret: string;
  subject?: string;
  /** A stored tenant's id; omitted (or `default`) for the default tenant. */
  tenant?: string;
  ttlSeconds?: number;
  now?: Date;
}

/**
 * A token to send with a Flow message (`flow_token`): unguessable, signed with
 * FLOW_TOKEN_SECRET, bound to one flow, with an optional subject and an expiry.
 */
export function issueFlowToken(options: IssueFlowTokenOptions): string {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: FlowTokenClaims = {
    f: options.flow,
    ...(options.subject !== undefined && { s: options.subject }),
    ...(options.tenant !== undefined && options.tenant !== 'default' && { t: options.tenant }),
    e: now + (options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS),
    n: randomBytes(16).toString('base64url'),
  };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${signTokenBody(body, options.secret)}`;
}

export function signTokenBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

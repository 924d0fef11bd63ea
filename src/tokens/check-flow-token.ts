import { FlowTokenInvalidError } from '../errors/flow-token-invalid-error';
import type { TokenPolicy } from './token-policy';
import { ownsToken, type TokenOwner } from './token-owner';

export interface AdmittedToken {
  subject: string | undefined;
  /** Unknown for tokens the flow verifies itself. */
  expiresAt: Date | undefined;
}

const BUILDER_PREFIX = 'flows-builder-';

/**
 * Is this token good for this flow? Signed tokens are checked for signature, flow, expiry and
 * tenant (`tenant`: the stored tenant whose URL it came to, undefined for the default tenant's);
 * a flow may plug in its own check instead. Refusal is a 427 with the flow's message.
 */
export async function checkFlowToken(
  flow: TokenOwner,
  flowToken: string,
  policy: TokenPolicy,
  now: Date,
  tenant?: string,
): Promise<AdmittedToken> {
  if (flowToken.startsWith(BUILDER_PREFIX)) {
    if (policy.production)
      throw new FlowTokenInvalidError(undefined, 'builder preview token in production');
    return { subject: undefined, expiresAt: undefined };
  }
  const ownership = await ownsToken(flow, flowToken, policy.secret, now, tenant);
  if (!ownership.owns) throw new FlowTokenInvalidError(undefined, ownership.reason);
  return { subject: ownership.subject, expiresAt: ownership.expiresAt };
}

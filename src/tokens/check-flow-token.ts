import { FlowTokenInvalidError } from '../errors/flow-token-invalid-error';
import type { TokenCheck, TokenPolicy } from './token-policy';
import { verifyFlowToken } from './verify-flow-token';

/** What a token check needs of a flow: its name, and its own check when it has one. */
export interface TokenOwner {
  name: string;
  tokens?: { verify?(flowToken: string): TokenCheck | Promise<TokenCheck> };
}

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
  if (flow.tokens?.verify) {
    const check = await flow.tokens.verify(flowToken);
    if (!check.valid) throw new FlowTokenInvalidError(undefined, 'refused by the flow');
    return { subject: check.subject, expiresAt: undefined };
  }
  const verdict = verifyFlowToken(flowToken, flow.name, policy.secret, now);
  if (!verdict.valid) throw new FlowTokenInvalidError(undefined, verdict.reason);
  // One business's token opens nothing of another's, the default tenant's included.
  if (verdict.tenant !== tenant) throw new FlowTokenInvalidError(undefined, 'other tenant');
  return { subject: verdict.subject, expiresAt: verdict.expiresAt };
}

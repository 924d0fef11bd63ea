import type { TokenCheck } from './token-policy';
import { verifyFlowToken } from './verify-flow-token';

/** What telling a token's flow needs of a flow: its name, and its own check when it has one. */
export interface TokenOwner {
  name: string;
  tokens?: { verify?(flowToken: string): TokenCheck | Promise<TokenCheck> };
}

export type Ownership =
  | { owns: true; subject: string | undefined; expiresAt: Date | undefined }
  /** `otherTenant`: a good signed token, issued for another tenant. */
  | { owns: false; reason: string; otherTenant?: true };

/**
 * Is `flowToken` this flow's, as served for `tenant` (undefined: the default one)? The flow's own
 * check when it has one (expiry unknown; it knows no tenants), else the signed token's signature,
 * flow, expiry as of `now` and tenant. A throwing check is thrown on.
 */
export async function ownsToken(
  flow: TokenOwner,
  flowToken: string,
  secret: string,
  now: Date,
  tenant?: string,
): Promise<Ownership> {
  if (flow.tokens?.verify) {
    const check = await flow.tokens.verify(flowToken);
    return check.valid
      ? { owns: true, subject: check.subject, expiresAt: undefined }
      : { owns: false, reason: 'refused by the flow' };
  }
  const verdict = verifyFlowToken(flowToken, flow.name, secret, now);
  if (!verdict.valid) return { owns: false, reason: verdict.reason };
  // One business's signed token opens nothing of another's, the default tenant's included.
  if (verdict.tenant !== tenant) return { owns: false, reason: 'other tenant', otherTenant: true };
  return { owns: true, subject: verdict.subject, expiresAt: verdict.expiresAt };
}

/**
 * The first of `flows` that owns `flowToken`, the subject it names and the tenant it was issued
 * for. A flow whose own check throws is that flow's "no": another flow may still know the token.
 * `otherTenant`: a signed token issued for another tenant than `tenant` (undefined: the default
 * one), which no flow of this tenant owns; a flow checking its own tokens knows no tenants.
 */
export async function findTokenOwner<Flow extends TokenOwner>(
  flows: readonly Flow[],
  flowToken: string,
  secret: string,
  now: Date,
  tenant?: string,
): Promise<
  { flow: Flow; subject: string | undefined } | { flow?: undefined; otherTenant: true } | undefined
> {
  let otherTenant = false;
  for (const flow of flows) {
    const ownership = await ownsToken(flow, flowToken, secret, now, tenant).catch(() => undefined);
    if (ownership?.owns) return { flow, subject: ownership.subject };
    if (ownership?.otherTenant) otherTenant = true;
  }
  return otherTenant ? { otherTenant } : undefined;
}

import type { TokenCheck } from './token-policy';
import { verifyFlowToken } from './verify-flow-token';

/** What telling a token's flow needs of a flow: its name, and its own check when it has one. */
export interface TokenOwner {
  name: string;
  tokens?: { verify?(flowToken: string): TokenCheck | Promise<TokenCheck> };
}

export type Ownership =
  | {
      owns: true;
      subject: string | undefined;
      expiresAt: Date | undefined;
      /** The tenant a signed token was issued for; undefined for the default one's or unsigned. */
      tenant: string | undefined;
    }
  | { owns: false; reason: string };

/**
 * Is `flowToken` this flow's? The flow's own check when it has one (expiry unknown), else the
 * signed token's signature, flow and expiry as of `now`. A throwing check is thrown on.
 */
export async function ownsToken(
  flow: TokenOwner,
  flowToken: string,
  secret: string,
  now: Date,
): Promise<Ownership> {
  if (flow.tokens?.verify) {
    const check = await flow.tokens.verify(flowToken);
    return check.valid
      ? { owns: true, subject: check.subject, expiresAt: undefined, tenant: undefined }
      : { owns: false, reason: 'refused by the flow' };
  }
  const verdict = verifyFlowToken(flowToken, flow.name, secret, now);
  return verdict.valid
    ? { owns: true, subject: verdict.subject, expiresAt: verdict.expiresAt, tenant: verdict.tenant }
    : { owns: false, reason: verdict.reason };
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
    const ownership = await ownsToken(flow, flowToken, secret, now).catch(() => undefined);
    if (!ownership?.owns) continue;
    if (flow.tokens?.verify || ownership.tenant === tenant) {
      return { flow, subject: ownership.subject };
    }
    otherTenant = true;
  }
  return otherTenant ? { otherTenant } : undefined;
}

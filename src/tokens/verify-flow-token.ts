import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { signTokenBody } from './issue-flow-token';

const claimsSchema = z.object({
  f: z.string(),
  s: z.string().optional(),
  e: z.number().int(),
  t: z.string().optional(),
  n: z.string().min(16),
});

export type TokenVerdict =
  | {
      valid: true;
      flow: string;
      subject: string | undefined;
      expiresAt: Date;
      /** The stored tenant it was issued for; undefined for the default tenant. */
      tenant: string | undefined;
    }
  | { valid: false; reason: 'malformed' | 'tampered' | 'expired' | 'other flow' };

const TOKEN = /^([A-Za-z0-9_-]{10,2048})\.([A-Za-z0-9_-]{43})$/;

/** Checks a token made by issueFlowToken: signature first, then its claims. */
export function verifyFlowToken(
  token: string,
  flow: string,
  secret: string,
  now: Date = new Date(),
): TokenVerdict {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return { valid: false, reason: 'malformed' };
  const [, body, signature] = match;
  const expected = Buffer.from(signTokenBody(body, secret));
  if (!timingSafeEqual(expected, Buffer.from(signature)))
    return { valid: false, reason: 'tampered' };

  let claims;
  try {
    claims = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (!claims.success) return { valid: false, reason: 'malformed' };
  if (claims.data.f !== flow) return { valid: false, reason: 'other flow' };
  const expiresAt = new Date(claims.data.e * 1000);
  if (expiresAt <= now) return { valid: false, reason: 'expired' };
  return {
    valid: true,
    flow: claims.data.f,
    subject: claims.data.s,
    expiresAt,
    tenant: claims.data.t,
  };
}

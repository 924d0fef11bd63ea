import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { LruCache } from '../util/lru-cache';
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

type Claims = z.infer<typeof claimsSchema>;

/**
 * Tokens whose signature held, with their claims, for the secret it held with: each request of a
 * user's journey brings the same token, and its HMAC, decoding and parse cost about 10 µs a
 * request. Flow and expiry are still checked every time. A few MB at the most.
 */
const verified = new LruCache<string, { secret: string; claims: Claims }>(10_000);

/** The claims of a token signed with `secret`, or why not. */
function signedClaims(token: string, secret: string): Claims | 'malformed' | 'tampered' {
  const known = verified.get(token);
  if (known?.secret === secret) return known.claims;
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return 'malformed';
  const [, body, signature] = match;
  const expected = Buffer.from(signTokenBody(body, secret));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return 'tampered';

  let claims;
  try {
    claims = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return 'malformed';
  }
  if (!claims.success) return 'malformed';
  verified.set(token, { secret, claims: claims.data });
  return claims.data;
}

/** Checks a token made by issueFlowToken: signature first, then its claims. */
export function verifyFlowToken(
  token: string,
  flow: string,
  secret: string,
  now: Date = new Date(),
): TokenVerdict {
  const claims = signedClaims(token, secret);
  if (typeof claims === 'string') return { valid: false, reason: claims };
  if (claims.f !== flow) return { valid: false, reason: 'other flow' };
  const expiresAt = new Date(claims.e * 1000);
  if (expiresAt <= now) return { valid: false, reason: 'expired' };
  return { valid: true, flow: claims.f, subject: claims.s, expiresAt, tenant: claims.t };
}

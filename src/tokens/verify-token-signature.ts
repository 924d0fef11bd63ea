import { createHmac, timingSafeEqual } from 'node:crypto';
import { EndpointError } from '../errors/endpoint-error';

const JWT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/**
 * `flow_token_signature` (data_api_version 4.0) is a JWT, HS256 with the Meta app secret, whose
 * payload holds the flow_token: proof the token came through WhatsApp untampered. Any mismatch is
 * a 432, like a bad request signature. Only HS256 is accepted, so "alg: none" cannot slip through.
 */
export function verifyTokenSignature(
  jwt: string,
  flowToken: string,
  appSecrets: readonly string[],
  now: Date = new Date(),
): void {
  const fail = (why: string) =>
    new EndpointError('signature_invalid', `flow_token_signature ${why}`);
  const match = JWT.exec(jwt);
  if (!match?.[1] || !match[2] || !match[3]) throw fail('is not a JWT');
  const [, header, payload, signature] = match;

  const decode = (part: string): unknown => {
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    } catch {
      throw fail('is not a JWT');
    }
  };
  if ((decode(header) as { alg?: unknown } | null)?.alg !== 'HS256') throw fail('is not HS256');

  const given = Buffer.from(signature, 'base64url');
  let signed = false;
  for (const secret of appSecrets) {
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    signed = (expected.length === given.length && timingSafeEqual(expected, given)) || signed;
  }
  if (!signed) throw fail('does not match the app secret');
  const claims = decode(payload) as { flow_token?: unknown; exp?: unknown } | null;
  if (claims?.flow_token !== flowToken) throw fail('is for another flow token');
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now.getTime())
    throw fail('has expired');
}

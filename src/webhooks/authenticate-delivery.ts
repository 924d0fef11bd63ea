import { createHash, timingSafeEqual } from 'node:crypto';
import { EndpointError } from '../errors/endpoint-error';
import { verifySignature } from '../crypto/verify-signature';

export interface DeliveryAuth {
  /** APP_SECRET(s): Meta signs each delivery with X-Hub-Signature-256. */
  appSecrets: readonly string[];
  /** WEBHOOK_SECRET(s): 360dialog relays with the X-Webhook-Secret header it was given. */
  webhookSecrets: readonly string[];
  /** Without either secret, production refuses every delivery; development accepts them. */
  production: boolean;
}

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
const digest = (value: string) => createHash('sha256').update(value).digest();

export function secretMatches(given: string | undefined, secrets: readonly string[]): boolean {
  if (given === undefined) return false;
  const presented = digest(given);
  let valid = false;
  for (const secret of secrets) valid = timingSafeEqual(presented, digest(secret)) || valid;
  return valid;
}

/**
 * What the headers alone settle, before any byte of the body is read: `authenticated` (360dialog's
 * secret header matched: read the body as any trusted one), `unverified` (the body must be read
 * before its signature can be checked, or development takes deliveries unauthenticated), or a 401
 * thrown for a delivery no body could authenticate: a wrong X-Webhook-Secret, or neither header
 * that a configured secret could check.
 */
export function admitDelivery(
  headers: { signature: string | undefined; secret: string | undefined },
  auth: DeliveryAuth,
): 'authenticated' | 'unverified' {
  const { appSecrets, webhookSecrets } = auth;
  if (appSecrets.length === 0 && webhookSecrets.length === 0) {
    if (!auth.production) return 'unverified';
    throw new EndpointError(
      'unauthorized',
      'webhook authentication is not configured: set APP_SECRET or WEBHOOK_SECRET',
    );
  }
  if (webhookSecrets.length > 0 && headers.secret !== undefined) {
    if (secretMatches(headers.secret, webhookSecrets)) return 'authenticated';
    throw new EndpointError('unauthorized', 'X-Webhook-Secret is not a configured secret');
  }
  if (appSecrets.length > 0 && headers.signature !== undefined) return 'unverified';
  throw new EndpointError(
    'unauthorized',
    headers.signature === undefined && headers.secret === undefined
      ? 'X-Hub-Signature-256 or X-Webhook-Secret required'
      : 'delivery not signed with a configured secret',
  );
}

/** Meta's signature over the raw body of a delivery admitted `unverified`; throws 401 if wrong. */
export function verifyDelivery(rawBody: Buffer, signature: string | undefined, auth: DeliveryAuth) {
  // Only development admits a delivery with no secret to check it against.
  if (auth.appSecrets.length === 0) return;
  try {
    verifySignature(rawBody, signature, auth.appSecrets);
  } catch {
    throw new EndpointError('unauthorized', 'delivery not signed with a configured secret');
  }
}

/**
 * A stored tenant's channel, on its headers alone: 360dialog sends the tenant's own secret in
 * X-Webhook-Secret. A tenant without a webhookSecret takes no deliveries at its URL.
 */
export function admitTenantDelivery(given: string | undefined, webhookSecret: string | undefined) {
  if (webhookSecret === undefined) {
    throw new EndpointError(
      'unauthorized',
      'the tenant has no webhookSecret: set it in its config',
    );
  }
  if (given === undefined) throw new EndpointError('unauthorized', 'X-Webhook-Secret required');
  if (!secretMatches(given, [webhookSecret])) {
    throw new EndpointError('unauthorized', "X-Webhook-Secret is not the tenant's secret");
  }
}

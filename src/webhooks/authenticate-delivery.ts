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

function signatureMatches(rawBody: Buffer, header: string | undefined, secrets: readonly string[]) {
  if (header === undefined) return false;
  try {
    verifySignature(rawBody, header, secrets);
    return true;
  } catch {
    return false;
  }
}

/** Meta's signature or 360dialog's secret header; either one suffices when both are configured. */
export function authenticateDelivery(
  rawBody: Buffer,
  headers: { signature: string | undefined; secret: string | undefined },
  auth: DeliveryAuth,
): void {
  const { appSecrets, webhookSecrets } = auth;
  if (appSecrets.length === 0 && webhookSecrets.length === 0) {
    if (!auth.production) return;
    throw new EndpointError(
      'unauthorized',
      'webhook authentication is not configured: set APP_SECRET or WEBHOOK_SECRET',
    );
  }
  const signed = appSecrets.length > 0 && signatureMatches(rawBody, headers.signature, appSecrets);
  if (signed || (webhookSecrets.length > 0 && secretMatches(headers.secret, webhookSecrets)))
    return;
  throw new EndpointError(
    'unauthorized',
    headers.signature === undefined && headers.secret === undefined
      ? 'X-Hub-Signature-256 or X-Webhook-Secret required'
      : 'delivery not signed with a configured secret',
  );
}

import { createHmac } from 'node:crypto';

/** The X-Hub-Signature-256 value WhatsApp sends: HMAC-SHA256 of the raw body with the app secret. */
export function signBody(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

import request from 'supertest';
import type { App } from '../../src/app/create-app';
import { signBody } from '../../src/device/sign-body';
import { APP_SECRET } from './test-app';

export * from './webhook-payloads';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const VERIFY_TOKEN = 'test-verify-token';

/** Posts a delivery signed like Meta (default), with 360dialog's header, or not at all. */
export function deliver(
  app: App,
  body: unknown,
  auth: 'meta' | '360dialog' | 'none' | { signature?: string; secret?: string } = 'meta',
) {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const post = request(app).post('/webhooks/whatsapp').set('Content-Type', 'application/json');
  if (auth === 'meta') post.set('X-Hub-Signature-256', signBody(raw, APP_SECRET));
  else if (auth === '360dialog') post.set('X-Webhook-Secret', WEBHOOK_SECRET);
  else if (typeof auth === 'object') {
    if (auth.signature !== undefined) post.set('X-Hub-Signature-256', auth.signature);
    if (auth.secret !== undefined) post.set('X-Webhook-Secret', auth.secret);
  }
  return post.send(raw);
}

/** Awaits a condition instead of sleeping; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

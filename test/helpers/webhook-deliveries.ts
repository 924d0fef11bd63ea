import request from 'supertest';
import type { App } from '../../src/app/create-app';
import { signBody } from '../../src/device/sign-body';
import { APP_SECRET } from './test-app';

export const WABA_ID = '102290129340398';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const VERIFY_TOKEN = 'test-verify-token';

let sequence = 0;
/** A fresh WhatsApp message id. */
export const messageId = () => `wamid.TEST${Date.now().toString(36)}${(sequence++).toString(36)}`;

/** A Flow reply (`nfm_reply`) as WhatsApp delivers it: response_json is a JSON *string*. */
export function nfmReply(options: {
  id?: string;
  from?: string;
  contextId?: string;
  response: Record<string, unknown>;
}) {
  return {
    ...(options.contextId !== undefined && {
      context: { from: '15550001111', id: options.contextId },
    }),
    from: options.from ?? '4915112345678',
    id: options.id ?? messageId(),
    type: 'interactive',
    interactive: {
      type: 'nfm_reply',
      nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(options.response) },
    },
    timestamp: '1767225600',
  };
}

export const textMessage = () => ({
  from: '4915112345678',
  id: messageId(),
  type: 'text',
  text: { body: 'hello' },
  timestamp: '1767225600',
});

export const statusUpdate = () => ({
  id: messageId(),
  status: 'delivered',
  timestamp: '1767225600',
  recipient_id: '4915112345678',
});

/** Cloud API envelope: `entry[].changes[]` with field messages. */
export function cloudMessages(messages: unknown[], statuses: unknown[] = []) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Kerry' }, wa_id: '4915112345678' }],
              ...(messages.length > 0 && { messages }),
              ...(statuses.length > 0 && { statuses }),
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** Meta's Flow webhook: field flows. */
export function flowsChange(value: Record<string, unknown>, time = 1767225600) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, time, changes: [{ value, field: 'flows' }] }],
  };
}

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

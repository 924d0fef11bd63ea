import { z } from 'zod';
import { callApi } from '../whatsapp-api/call-api';
import type { CallPolicy } from '../whatsapp-api/whatsapp-api-config';

/** Both set the configuration once: repeating is harmless, so a lost answer is retried. */
const REPEATABLE = true;

const webhookAnswerSchema = z.looseObject({ url: z.string() });
const successSchema = z.looseObject({ success: z.literal(true) });

/**
 * 360dialog: `POST /v1/configs/webhook` with the URL and the headers every delivery will carry
 * (360dialog does not relay Meta's signature; the header is how deliveries are authenticated).
 */
export async function set360dialogWebhook(
  policy: CallPolicy,
  options: { apiUrl: string; apiKey: string; url: string; headers: Record<string, string> },
): Promise<{ url: string }> {
  const answer = await callApi(policy, {
    method: 'POST',
    url: `${options.apiUrl}/v1/configs/webhook`,
    headers: { 'D360-API-KEY': options.apiKey },
    body: { url: options.url, headers: options.headers },
    operation: 'set the 360dialog webhook',
    repeatable: REPEATABLE,
    schema: webhookAnswerSchema,
  });
  return { url: answer.url };
}

/** Cloud API: `POST /{WABA_ID}/subscribed_apps`, so the app's webhooks receive this WABA's events. */
export async function subscribeApp(
  policy: CallPolicy,
  options: { graphUrl: string; graphVersion: string; accessToken: string; wabaId: string },
): Promise<void> {
  await callApi(policy, {
    method: 'POST',
    url: `${options.graphUrl}/${options.graphVersion}/${encodeURIComponent(options.wabaId)}/subscribed_apps`,
    headers: { Authorization: `Bearer ${options.accessToken}` },
    operation: 'subscribe the app to the WABA',
    repeatable: REPEATABLE,
    schema: successSchema,
  });
}

import { reasonOf } from '../flow-exchange';
import { postToEndpoint } from '../post-to-endpoint';
import { signBody } from '../sign-body';
import { completionReply, type CompletionReplyInput } from './completion-reply';

/** A messages webhook to hand completions to, and how it authenticates deliveries. */
export interface WebhookChannel {
  url: string;
  /** Meta signs each delivery with it (X-Hub-Signature-256). */
  appSecret?: string;
  /** 360dialog relays deliveries with this header (X-Webhook-Secret). */
  webhookSecret?: string;
}

export interface PostedCompletion {
  messageId: string;
  status?: number;
  /** Why the webhook did not take it (not a 200); undefined when it did. */
  problem?: string;
  ms: number;
}

/**
 * Delivers a completion as WhatsApp does: one `nfm_reply` message (response_json a JSON string of
 * the params, flow token included when known) in a Cloud API envelope, signed as the webhook
 * expects; `answering` names the sent message (`context.id`) and the customer, when known.
 */
export async function postCompletion(
  webhook: WebhookChannel,
  params: Record<string, unknown>,
  answering: Pick<CompletionReplyInput, 'messageId' | 'from' | 'origin'> = { origin: 'simulator' },
): Promise<PostedCompletion> {
  const reply = completionReply({ response: params, now: new Date(), ...answering });
  const messageId = reply.id;
  const body = JSON.stringify(reply.body);
  const headers: Record<string, string> = {
    ...(webhook.appSecret !== undefined && {
      'x-hub-signature-256': signBody(body, webhook.appSecret),
    }),
    ...(webhook.webhookSecret !== undefined && { 'x-webhook-secret': webhook.webhookSecret }),
  };
  const sent = await postToEndpoint(webhook.url, body, headers);
  const base = {
    messageId,
    ms: sent.ms,
    ...(sent.status !== undefined && { status: sent.status }),
  };
  if (sent.status === 200) return base;
  const problem =
    sent.status === undefined
      ? `the webhook gave no answer (${sent.failure === 'timeout' ? 'timeout' : (sent.cause ?? 'dropped')})`
      : `the webhook answered ${sent.status} ${reasonOf(sent.text)}`;
  return { ...base, problem };
}

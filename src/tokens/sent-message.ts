import { z } from 'zod';
import type { Store } from '../store/store';

/**
 * What this server sent a customer: the flow and the flow token (by its store key, never the token
 * itself), kept under WhatsApp's message id. Some clients (iOS) reply to a Flow without its
 * `flow_token`; the reply's `context.id` names the sent message, and this record names the flow.
 */
export const sentMessageSchema = z.object({
  flow: z.string(),
  /** `tokenKey(flowToken)`: the token's hash. */
  tokenKey: z.string(),
  /** Who the token was issued for (the phone number it was sent to). */
  subject: z.string().optional(),
  sentAt: z.string(),
});
export type SentMessage = z.infer<typeof sentMessageSchema>;

const sentMessageKey = (messageId: string) => `sent:${messageId}`;

/** Kept as long as the token may be answered: a reply can come days later. */
export async function recordSentMessage(
  store: Store,
  messageId: string,
  record: SentMessage,
  ttlSeconds: number,
): Promise<void> {
  await store.set(sentMessageKey(messageId), JSON.stringify(record), ttlSeconds);
}

/** The record of a sent message; a missing, expired or unreadable one is absent. */
export async function findSentMessage(
  store: Store,
  messageId: string,
): Promise<SentMessage | undefined> {
  const stored = await store.get(sentMessageKey(messageId));
  if (stored === undefined) return undefined;
  try {
    const parsed = sentMessageSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

import { z } from 'zod';
import type { Store } from '../store/store';
import { storedJson, type LogSource } from '../store/stored-json';

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
  /** Opened in the playground: no customer received it, and its completion is marked so. */
  playground: z.literal(true).optional(),
});
export type SentMessage = z.infer<typeof sentMessageSchema>;

const sentMessageRecord = storedJson('sent message', sentMessageSchema);
const sentMessageKey = (messageId: string) => `sent:${messageId}`;

/** Kept as long as the token may be answered: a reply can come days later. */
export async function recordSentMessage(
  store: Store,
  messageId: string,
  record: SentMessage,
  ttlSeconds: number,
): Promise<void> {
  await store.set(sentMessageKey(messageId), sentMessageRecord.write(record), ttlSeconds);
}

/** The record of a sent message; a missing, expired or unreadable one is absent. */
export async function findSentMessage(
  store: Store,
  messageId: string,
  logs?: LogSource,
): Promise<SentMessage | undefined> {
  return sentMessageRecord.read(await store.get(sentMessageKey(messageId)), logs);
}

import { z } from 'zod';
import type { Store } from '../store/store';
import { storedJson, type LogSource } from '../store/stored-json';

/**
 * What this server sent a customer: the flow and the flow token (by its store key, never the token
 * itself), kept under WhatsApp's message id. Some clients (iOS) reply to a Flow without its
 * `flow_token`; the reply's `context.id` names the sent message, and this record names the flow.
 */
const sentMessageSchema = z.object({
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
/** The id of the latest message that sent a flow: what `flows reply` answers by default. */
const latestSentKey = (flow: string) => `sent-latest:${flow}`;

/** Kept as long as the token may be answered: a reply can come days later. */
export async function recordSentMessage(
  store: Store,
  messageId: string,
  record: SentMessage,
  ttlSeconds: number,
): Promise<void> {
  await store.set(sentMessageKey(messageId), sentMessageRecord.write(record), ttlSeconds);
  await store.set(latestSentKey(record.flow), messageId, ttlSeconds);
}

/** The latest message that sent `flow` and is still on record, with its id. */
export async function latestSentMessage(
  store: Store,
  flow: string,
): Promise<{ messageId: string; sent: SentMessage } | undefined> {
  const messageId = await store.get(latestSentKey(flow));
  const sent = messageId === undefined ? undefined : await findSentMessage(store, messageId);
  return messageId !== undefined && sent !== undefined ? { messageId, sent } : undefined;
}

/** The record of a sent message; a missing, expired or unreadable one is absent. */
export async function findSentMessage(
  store: Store,
  messageId: string,
  logs?: LogSource,
): Promise<SentMessage | undefined> {
  return sentMessageRecord.read(await store.get(sentMessageKey(messageId)), logs);
}

import { z } from 'zod';
import type { Store } from '../store/store';
import { storedJson, type LogSource } from '../store/stored-json';

/** The answer that completed a flow, kept so that WhatsApp's resend gets it again. */
const completionSchema = z.object({
  requestHash: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type CompletionRecord = z.infer<typeof completionSchema>;

const completionRecord = storedJson('completion', completionSchema);
const completionKey = (tokenKey: string) => `completed:${tokenKey}`;

/** The completion of this token; an unreadable one is absent (and logged). */
export async function findCompletion(
  store: Store,
  tokenKey: string,
  logs: LogSource,
): Promise<CompletionRecord | undefined> {
  return completionRecord.read(await store.get(completionKey(tokenKey)), logs);
}

/** Kept while the token could still be presented; the first completion wins. */
export async function recordCompletion(
  store: Store,
  tokenKey: string,
  record: CompletionRecord,
  ttlSeconds: number,
): Promise<void> {
  // Durable: the answer that completed the flow is what WhatsApp's resend must get again.
  await store.writeDurably([
    {
      op: 'setIfAbsent',
      key: completionKey(tokenKey),
      value: completionRecord.write(record),
      ttlSeconds,
    },
  ]);
}

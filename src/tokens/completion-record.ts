import { z } from 'zod';
import type { Store } from '../store/store';
import { storedJson, type LogSource } from '../store/stored-json';

const paramsSchema = z.record(z.string(), z.unknown());

/**
 * Records written before the answer was kept without its token held the whole rendered payload;
 * their params are read back with the token dropped (it is put back from the request).
 */
const earlierSchema = z
  .object({
    requestHash: z.string(),
    payload: z.object({
      data: z.object({ extension_message_response: z.object({ params: paramsSchema }) }),
    }),
  })
  .transform(({ requestHash, payload }) => {
    const params = { ...payload.data.extension_message_response.params };
    delete params.flow_token;
    return { requestHash, params };
  });

/**
 * The answer that completed a flow, kept so that WhatsApp's resend gets it again: the completion
 * params without the flow token, which is never stored and comes back with the resend.
 */
const completionSchema = z.union([
  z.object({ requestHash: z.string(), params: paramsSchema }),
  earlierSchema,
]);
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

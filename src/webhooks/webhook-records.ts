import { z } from 'zod';
import type { Store } from '../store/store';
import { flowAlertSchema } from './flow-alert';

/** A finished Flow as the messages webhook reported it. `flow` is absent when unmatched. */
export const completionRecordSchema = z.object({
  /** WhatsApp's message id of the reply: redeliveries carry the same one. */
  id: z.string(),
  flow: z.string().optional(),
  /** How the flow was found: its flow token, the sent message the reply names, or not at all. */
  matchedBy: z.enum(['flow_token', 'context', 'none']),
  /** Why an unmatched completion could not be matched. */
  reason: z.string().optional(),
  from: z.string().optional(),
  subject: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
  receivedAt: z.string(),
});
export type CompletionRecord = z.infer<typeof completionRecordSchema>;

/** One of Meta's Flow webhooks (status change or health alert). */
export const flowEventRecordSchema = z.object({
  id: z.string(),
  /** Meta's Flow id. */
  flowId: z.string(),
  /** The local flow name, where the Flow id is known. */
  flow: z.string().optional(),
  wabaId: z.string().optional(),
  alert: flowAlertSchema,
  receivedAt: z.string(),
});
export type FlowEventRecord = z.infer<typeof flowEventRecordSchema>;

export type WebhookRecord =
  { kind: 'completion'; record: CompletionRecord } | { kind: 'event'; record: FlowEventRecord };

const KEYS = {
  completion: { value: (id: string) => `webhook:completion:${id}`, index: 'webhook:completions' },
  event: { value: (id: string) => `webhook:event:${id}`, index: 'webhook:events' },
} as const;
const doneKey = (kind: string, id: string) => `webhook:done:${kind}:${id}`;

export interface WebhookRecords {
  /** Durable before it resolves; false when the id was already recorded (a redelivery). */
  record(item: WebhookRecord): Promise<boolean>;
  /** The hooks have run for this record; it is not processed again. */
  markDone(item: WebhookRecord): Promise<void>;
  isDone(item: WebhookRecord): Promise<boolean>;
  completions(): Promise<CompletionRecord[]>;
  events(): Promise<FlowEventRecord[]>;
}

function parseStored<T>(schema: z.ZodType<T>, stored: string | undefined): T | undefined {
  if (stored === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const byReceivedAt = (a: { receivedAt: string }, b: { receivedAt: string }) =>
  a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0;

/** Completions and Flow events in the store, kept until deleted, oldest first when listed. */
export function createWebhookRecords(store: Store): WebhookRecords {
  async function all<T extends { receivedAt: string }>(
    keys: (typeof KEYS)[keyof typeof KEYS],
    schema: z.ZodType<T>,
  ): Promise<T[]> {
    const ids = await store.setMembers(keys.index);
    const found: T[] = [];
    for (const stored of await Promise.all(ids.map((id) => store.get(keys.value(id))))) {
      const record = parseStored(schema, stored);
      if (record !== undefined) found.push(record);
    }
    return found.sort(byReceivedAt);
  }

  return {
    async record(item) {
      const keys = KEYS[item.kind];
      const fresh = await store.setIfAbsent(
        keys.value(item.record.id),
        JSON.stringify(item.record),
      );
      // Also on a redelivery: the first attempt may have failed between the two writes.
      await store.addToSet(keys.index, item.record.id);
      return fresh;
    },
    markDone: (item) => store.set(doneKey(item.kind, item.record.id), '1'),
    isDone: async (item) => (await store.get(doneKey(item.kind, item.record.id))) !== undefined,
    completions: () => all(KEYS.completion, completionRecordSchema),
    events: () => all(KEYS.event, flowEventRecordSchema),
  };
}

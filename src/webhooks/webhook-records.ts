import { z } from 'zod';
import type { Store, StoreWrite } from '../store/store';
import { toE164 } from '../tokens/e164';
import { flowAlertSchema } from './flow-alert';

/** The reply id the playground gave its completions before they carried `playground`. */
const PLAYGROUND_REPLY_ID = /^wamid\.playground-reply-/;

/**
 * A finished Flow as the messages webhook reported it. `flow` is absent when unmatched. Rows
 * stored before numbers were kept as E.164, or before the playground marker, read as today's.
 */
const completionRecordSchema = z
  .object({
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
    /** Made in the playground, not by a customer: left out of exports unless asked for. */
    playground: z.literal(true).optional(),
  })
  .transform(({ from, subject, playground, ...record }) => ({
    ...record,
    ...(from !== undefined && { from: toE164(from) }),
    ...(subject !== undefined && { subject: toE164(subject) }),
    ...((playground || PLAYGROUND_REPLY_ID.test(record.id)) && { playground: true as const }),
  }));
export type CompletionRecord = z.input<typeof completionRecordSchema>;

/** One of Meta's Flow webhooks (status change or health alert). */
export const flowEventRecordSchema = z.object({
  id: z.string(),
  /** The business whose Flow it is; absent for the default one (the environment's). */
  tenant: z.string().optional(),
  /** Meta's Flow id. */
  flowId: z.string(),
  /** The local flow name, where the Flow id is known. */
  flow: z.string().optional(),
  wabaId: z.string().optional(),
  /** Why no tenant took it: set only on unassigned events. */
  reason: z.string().optional(),
  alert: flowAlertSchema,
  receivedAt: z.string(),
});
export type FlowEventRecord = z.infer<typeof flowEventRecordSchema>;

export type WebhookRecord =
  { kind: 'completion'; record: CompletionRecord } | { kind: 'event'; record: FlowEventRecord };

/**
 * Each record under its id, and its id in the set of the day it was received (UTC), so that a
 * listing since a date and the redrive at start read only the days they need.
 */
const KEYS = {
  completion: {
    value: (id: string) => `webhook:completion:${id}`,
    days: 'webhook:completion-days',
    day: (day: string) => `webhook:completions:${day}`,
  },
  event: {
    value: (id: string) => `webhook:event:${id}`,
    days: 'webhook:event-days',
    day: (day: string) => `webhook:events:${day}`,
  },
} as const;
const dayOf = (iso: string) => iso.slice(0, 10);
const doneKey = (kind: string, id: string) => `webhook:done:${kind}:${id}`;
/** The latest event of each Flow and event type: what every replica's gauges show. */
const LATEST_INDEX = 'webhook:latest';
const latestKey = ({ flowId, alert }: FlowEventRecord) => `webhook:latest:${flowId}:${alert.event}`;

export interface WebhookRecords {
  /** Durable before it resolves; false when the id was already recorded (a redelivery). */
  record(item: WebhookRecord): Promise<boolean>;
  /** The hooks have run for this record; it is not processed again. */
  markDone(item: WebhookRecord): Promise<void>;
  isDone(item: WebhookRecord): Promise<boolean>;
  /** Those received at or after `since` (all without it), oldest first. */
  completions(since?: Date): Promise<CompletionRecord[]>;
  events(since?: Date): Promise<FlowEventRecord[]>;
  /** The newest event per Flow and event type, oldest first. */
  latestEvents(): Promise<FlowEventRecord[]>;
  /** Nothing recorded here, or all of it erased. */
  isEmpty(): Promise<boolean>;
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
  async function all<T extends { id: string; receivedAt: string }>(
    keys: (typeof KEYS)[keyof typeof KEYS],
    schema: z.ZodType<T>,
    since: Date | undefined,
  ): Promise<T[]> {
    const from = since?.toISOString();
    const days = (await store.setMembers(keys.days)).filter(
      (day) => from === undefined || day >= dayOf(from),
    );
    // A redelivery on a later day lists the id under that day too: one record per id.
    const ids = new Set(
      (await Promise.all(days.map((day) => store.setMembers(keys.day(day))))).flat(),
    );
    const found: T[] = [];
    for (const stored of await Promise.all([...ids].map((id) => store.get(keys.value(id))))) {
      const record = parseStored(schema, stored);
      if (record !== undefined && (from === undefined || record.receivedAt >= from))
        found.push(record);
    }
    return found.sort(byReceivedAt);
  }

  return {
    async record(item) {
      const keys = KEYS[item.kind];
      const { id, receivedAt } = item.record;
      const day = dayOf(receivedAt);
      const writes: StoreWrite[] = [
        { op: 'setIfAbsent', key: keys.value(id), value: JSON.stringify(item.record) },
        // Also on a redelivery, received on another day perhaps: listings by day find it there.
        { op: 'addToSet', key: keys.day(day), member: id },
        { op: 'addToSet', key: keys.days, member: day },
      ];
      if (item.kind === 'event') {
        const latest = latestKey(item.record);
        writes.push(
          { op: 'set', key: latest, value: JSON.stringify(item.record) },
          { op: 'addToSet', key: LATEST_INDEX, member: latest },
        );
      }
      // The record and all that lists it, together and on disk before the 200 that acknowledges it.
      const [fresh = false] = await store.writeDurably(writes);
      return fresh;
    },
    markDone: (item) => store.set(doneKey(item.kind, item.record.id), '1'),
    isDone: async (item) => (await store.get(doneKey(item.kind, item.record.id))) !== undefined,
    completions: (since) => all(KEYS.completion, completionRecordSchema, since),
    events: (since) => all(KEYS.event, flowEventRecordSchema, since),
    async latestEvents() {
      const keys = await store.setMembers(LATEST_INDEX);
      const found: FlowEventRecord[] = [];
      for (const stored of await Promise.all(keys.map((key) => store.get(key)))) {
        const record = parseStored(flowEventRecordSchema, stored);
        if (record !== undefined) found.push(record);
      }
      return found.sort(byReceivedAt);
    },
    async isEmpty() {
      const days = await Promise.all(
        [KEYS.completion.days, KEYS.event.days].map((key) => store.setMembers(key)),
      );
      return days.every((found) => found.length === 0);
    },
  };
}

import type { Logger } from 'pino';
import type { z } from 'zod';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { completionSchema } from './completion-schema';
import { alertActive, type FlowAlert } from './flow-alert';
import type { WebhookMetrics } from './webhook-metrics';
import type {
  CompletionRecord,
  FlowEventRecord,
  WebhookRecord,
  WebhookRecords,
} from './webhook-records';

export interface FlowEventContext {
  event: FlowEventRecord;
  /** The stored tenant whose Flow it is; absent for the default tenant. */
  tenant?: string;
  log: Logger;
}

/** A business's own reaction to Meta's Flow events: page someone, open a ticket. */
export type FlowEventHook = (ctx: FlowEventContext) => void | Promise<void>;

/** After the first attempt fails: 1 s, 5 s, 30 s, 2 min, 10 min. Then it waits for a restart. */
const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
const REDRIVE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface ProcessorDeps {
  flows: readonly FlowDefinition[];
  /** The flow as served now, when its flow.json can be reloaded while running (development). */
  current?: (name: string) => FlowDefinition | undefined;
  records: WebhookRecords;
  metrics: WebhookMetrics;
  logger: Logger;
  onFlowEvent?: FlowEventHook;
  retryDelaysMs?: readonly number[];
  /** The stored tenant whose records these are; absent for the default tenant. */
  tenant?: string;
}

export interface WebhookProcessor {
  /** Logs and measures a newly recorded item at once, then runs its hooks in the background. */
  accept(item: WebhookRecord): void;
  /**
   * Runs the hooks of records of the last week left unprocessed (a crash, retries exhausted);
   * gives how many. Older ones are past any provider's redelivery window, and stay recorded.
   */
  redrive(now?: Date): Promise<number>;
}

const SEVERE_STATUSES = new Set(['THROTTLED', 'BLOCKED', 'DEPRECATED']);

function logFlowEvent(log: Logger, { flow, flowId, alert }: FlowEventRecord): void {
  const fields = {
    flow: flow ?? null,
    flowId,
    event: alert.event,
    alertState: alert.alert_state,
    ...measurements(alert),
  };
  const active = alertActive(alert);
  const status = alert.new_status?.toUpperCase();
  const warn =
    active === true ||
    (status !== undefined && SEVERE_STATUSES.has(status)) ||
    alert.event === 'FLOW_VERSION_EXPIRY_WARNING';
  const text =
    active === false
      ? 'Meta Flow alert cleared'
      : active
        ? 'Meta Flow alert active'
        : 'Meta Flow event';
  if (warn) log.warn(fields, text);
  else log.info(fields, text);
}

function measurements(alert: FlowAlert): Record<string, unknown> {
  const { old_status, new_status, threshold, requests_count, error_rate, availability } = alert;
  return Object.fromEntries(
    Object.entries({
      oldStatus: old_status,
      newStatus: new_status,
      threshold,
      requestsCount: requests_count,
      errorRate: error_rate,
      availability,
      p50LatencyMs: alert.p50_latency,
      p90LatencyMs: alert.p90_latency,
      errorTypes: alert.errors?.map((error) => error.error_type),
      message: alert.message ?? alert.warning,
    }).filter(([, value]) => value !== undefined),
  );
}

/** Hooks after recording: each retried on failure; a record is marked done once they succeeded. */
export function createWebhookProcessor(deps: ProcessorDeps): WebhookProcessor {
  const { records, metrics } = deps;
  const logger =
    deps.tenant === undefined ? deps.logger : deps.logger.child({ tenant: deps.tenant });
  const retryDelays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const byName = new Map(deps.flows.map((flow) => [flow.name, flow]));
  // Keyed by the flow.json document: a reloaded one gets its own schema, made once.
  const schemas = new WeakMap<FlowDefinition, z.ZodType<Record<string, unknown>>>();
  const schemaOf = (flow: FlowDefinition) => {
    const known = schemas.get(flow);
    if (known) return known;
    const made = completionSchema(flow);
    schemas.set(flow, made);
    return made;
  };

  async function completionHook(record: CompletionRecord, log: Logger): Promise<void> {
    const name = record.flow;
    const flow = name === undefined ? undefined : (deps.current?.(name) ?? byName.get(name));
    if (!flow?.onComplete || name === undefined) return;
    const parsed = schemaOf(flow).safeParse(record.params);
    if (!parsed.success) {
      // Kept as recorded; the hook is promised params that match flow.json.
      log.warn(
        { issues: parsed.error.issues.length },
        'completion params do not match flow.json; onComplete not called',
      );
      return;
    }
    await flow.onComplete({
      flow: name,
      messageId: record.id,
      from: record.from,
      subject: record.subject,
      params: parsed.data,
      receivedAt: new Date(record.receivedAt),
      matchedBy: record.matchedBy === 'context' ? 'context' : 'flow_token',
      log,
    });
  }

  async function runHooks(item: WebhookRecord): Promise<void> {
    const log =
      item.kind === 'completion'
        ? logger.child({ completion: item.record.id.slice(-12), flow: item.record.flow ?? null })
        : logger.child({ flowEvent: item.record.id.slice(0, 12), flow: item.record.flow ?? null });
    const hook = item.kind === 'completion' ? 'onComplete' : 'onFlowEvent';
    for (let attempt = 0; ; attempt++) {
      try {
        if (item.kind === 'completion') await completionHook(item.record, log);
        else
          await deps.onFlowEvent?.({
            event: item.record,
            ...(deps.tenant !== undefined && { tenant: deps.tenant }),
            log,
          });
        await records.markDone(item);
        return;
      } catch (err) {
        metrics.hookFailure(hook);
        const delay = retryDelays[attempt];
        if (delay === undefined) {
          log.error(
            { err, attempts: attempt + 1 },
            `${hook} keeps failing; the record is kept and retried at the next start`,
          );
          return;
        }
        log.warn({ err, attempt: attempt + 1, retryInMs: delay }, `${hook} failed; retrying`);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }

  return {
    accept(item) {
      if (item.kind === 'event') {
        metrics.flowEvent(item.record);
        logFlowEvent(logger, item.record);
      } else if (item.record.flow === undefined) {
        // Never the answers or the phone number: the reason is enough to investigate.
        logger.warn(
          { completion: item.record.id.slice(-12), reason: item.record.reason },
          'completion kept unmatched',
        );
      }
      void runHooks(item);
    },
    async redrive(now = new Date()) {
      const since = new Date(now.getTime() - REDRIVE_WINDOW_MS);
      const items: WebhookRecord[] = [
        ...(await records.completions(since)).map((record) => ({
          kind: 'completion' as const,
          record,
        })),
        ...(await records.events(since)).map((record) => ({ kind: 'event' as const, record })),
      ];
      let count = 0;
      for (const item of items) {
        if (await records.isDone(item)) continue;
        count += 1;
        void runHooks(item);
      }
      return count;
    },
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';
import { bounded } from '../metrics/create-metrics';
import { alertActive, FLOW_STATUSES } from './flow-alert';
import type { FlowEventRecord } from './webhook-records';

export type DeliveryResult =
  | 'recorded'
  | 'duplicate'
  | 'ignored'
  | 'unauthorized'
  | 'malformed'
  | 'too_large'
  | 'store_unavailable'
  | 'refused_unconfigured';

export interface WebhookMetrics {
  delivery(result: DeliveryResult): void;
  /** Items of a delivery by kind: completion, alert, status, message, other. */
  items(kind: string, count: number): void;
  completion(flow: string | undefined): void;
  hookFailure(hook: string): void;
  /** Moves the flows_meta_* gauges to what a Flow event says. */
  flowEvent(record: FlowEventRecord): void;
}

/**
 * Webhook counters and Meta's Flow health as gauges, in the server's registry. With `latestEvents`
 * (the store's newest event per Flow and event), each scrape shows the shared state, so every
 * replica reports the same values whichever of them received the alert.
 */
export function createWebhookMetrics(
  registry: Registry,
  latestEvents?: () => Promise<FlowEventRecord[]>,
): WebhookMetrics {
  const flowLabel = bounded();
  const eventLabel = bounded();
  const registers = [registry];
  const deliveries = new Counter({
    name: 'flows_webhook_deliveries_total',
    help: 'Webhook deliveries by result (recorded, duplicate, ignored, unauthorized, malformed, ...).',
    labelNames: ['result'],
    registers,
  });
  const items = new Counter({
    name: 'flows_webhook_items_total',
    help: 'Items in webhook deliveries by kind; statuses and unused messages are only counted.',
    labelNames: ['kind'],
    registers,
  });
  const completions = new Counter({
    name: 'flows_webhook_completions_total',
    help: 'Flow completions recorded, by flow ("unmatched" when no flow could be found).',
    labelNames: ['flow'],
    registers,
  });
  const hookFailures = new Counter({
    name: 'flows_webhook_hook_failures_total',
    help: 'Hook calls that threw (each is retried; the event stays recorded).',
    labelNames: ['hook'],
    registers,
  });
  let refreshing: Promise<void> | undefined;
  /** One store read per scrape, shared by the five gauges; a failed read keeps the last values. */
  const refresh = () => {
    refreshing ??= (async () => {
      try {
        const latest = latestEvents ? await latestEvents() : undefined;
        if (!latest) return;
        for (const gauge of gauges) gauge.reset();
        for (const record of latest) applyEvent(record);
      } catch {
        // The store is down: /metrics still answers, with what this process last knew.
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };
  async function collect() {
    await refresh();
  }

  const alertActiveGauge = new Gauge({
    name: 'flows_meta_alert_active',
    help: "1 while Meta's alert for this flow and event is active, 0 once it cleared.",
    labelNames: ['flow', 'event'],
    registers,
    collect,
  });
  const status = new Gauge({
    name: 'flows_meta_flow_status',
    help: "1 for the Flow's current status as Meta last reported it (DRAFT, PUBLISHED, THROTTLED, BLOCKED, DEPRECATED).",
    labelNames: ['flow', 'status'],
    registers,
    collect,
  });
  const latency = new Gauge({
    name: 'flows_meta_endpoint_latency_seconds',
    help: 'The endpoint latency Meta measured (quantile 0.5 and 0.9), from its last ENDPOINT_LATENCY event.',
    labelNames: ['flow', 'quantile'],
    registers,
    collect,
  });
  const errorRate = new Gauge({
    name: 'flows_meta_error_rate',
    help: 'Error rate (0-1) from the last CLIENT_ERROR_RATE or ENDPOINT_ERROR_RATE event.',
    labelNames: ['flow', 'event'],
    registers,
    collect,
  });
  const availability = new Gauge({
    name: 'flows_meta_availability_ratio',
    help: 'Endpoint availability (0-1) from the last ENDPOINT_AVAILABILITY event.',
    labelNames: ['flow'],
    registers,
    collect,
  });
  const gauges = [alertActiveGauge, status, latency, errorRate, availability];

  function applyEvent({ flow, flowId, alert }: FlowEventRecord): void {
    const labels = { flow: flowLabel(flow ?? flowId), event: eventLabel(alert.event) };
    const active = alertActive(alert);
    if (active !== undefined) alertActiveGauge.set(labels, active ? 1 : 0);
    if (alert.new_status !== undefined) {
      const current = alert.new_status.toUpperCase();
      const known = new Set<string>([...FLOW_STATUSES, current]);
      if (alert.old_status !== undefined) known.add(alert.old_status.toUpperCase());
      for (const name of known) {
        status.set({ flow: labels.flow, status: eventLabel(name) }, name === current ? 1 : 0);
      }
    }
    if (alert.p50_latency !== undefined)
      latency.set({ flow: labels.flow, quantile: '0.5' }, alert.p50_latency / 1000);
    if (alert.p90_latency !== undefined)
      latency.set({ flow: labels.flow, quantile: '0.9' }, alert.p90_latency / 1000);
    if (alert.error_rate !== undefined) errorRate.set(labels, alert.error_rate / 100);
    if (alert.availability !== undefined)
      availability.set({ flow: labels.flow }, alert.availability / 100);
  }

  return {
    delivery: (result) => deliveries.inc({ result }),
    items: (kind, count) => {
      if (count > 0) items.inc({ kind }, count);
    },
    completion: (flow) =>
      completions.inc({ flow: flow === undefined ? 'unmatched' : flowLabel(flow) }),
    hookFailure: (hook) => hookFailures.inc({ hook }),
    flowEvent: applyEvent,
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';
import { bounded } from '../metrics/create-metrics';
import { DEFAULT_TENANT_ID } from '../tenants/tenant';
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
  | 'overloaded'
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
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers });
  // Every gauge refreshes from the store on scrape (see `refresh`).
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers, collect });
  const deliveries = counter(
    'flows_webhook_deliveries_total',
    'Webhook deliveries by result (recorded, duplicate, ignored, unauthorized, malformed, ...).',
    ['result'],
  );
  const items = counter(
    'flows_webhook_items_total',
    'Items in webhook deliveries by kind; statuses and unused messages are only counted.',
    ['kind'],
  );
  const completions = counter(
    'flows_webhook_completions_total',
    'Flow completions recorded, by flow ("unmatched" when no flow could be found).',
    ['flow'],
  );
  const hookFailures = counter(
    'flows_webhook_hook_failures_total',
    'Hook calls that threw (each is retried; the event stays recorded).',
    ['hook'],
  );
  let refreshing: Promise<void> | undefined;
  /** One store read per scrape, shared by the five gauges; a failed read keeps the last values. */
  const refresh = () => {
    refreshing ??= (async () => {
      try {
        const latest = latestEvents ? await latestEvents() : undefined;
        if (!latest) return;
        for (const each of gauges) each.reset();
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

  const alertActiveGauge = gauge(
    'flows_meta_alert_active',
    "1 while Meta's alert for this tenant's flow and event is active, 0 once it cleared.",
    ['tenant', 'flow', 'event'],
  );
  const status = gauge(
    'flows_meta_flow_status',
    "1 for the Flow's current status as Meta last reported it (DRAFT, PUBLISHED, THROTTLED, BLOCKED, DEPRECATED).",
    ['tenant', 'flow', 'status'],
  );
  const latency = gauge(
    'flows_meta_endpoint_latency_seconds',
    'The endpoint latency Meta measured (quantile 0.5 and 0.9), from its last ENDPOINT_LATENCY event.',
    ['tenant', 'flow', 'quantile'],
  );
  const errorRate = gauge(
    'flows_meta_error_rate',
    'Error rate (0-1) from the last CLIENT_ERROR_RATE or ENDPOINT_ERROR_RATE event.',
    ['tenant', 'flow', 'event'],
  );
  const availability = gauge(
    'flows_meta_availability_ratio',
    'Endpoint availability (0-1) from the last ENDPOINT_AVAILABILITY event.',
    ['tenant', 'flow'],
  );
  const gauges = [alertActiveGauge, status, latency, errorRate, availability];

  function applyEvent({ tenant, flow, flowId, alert }: FlowEventRecord): void {
    // Tenants come from the directory, never from the delivery: one series per tenant and flow.
    const labels = {
      tenant: tenant ?? DEFAULT_TENANT_ID,
      flow: flowLabel(flow ?? flowId),
      event: eventLabel(alert.event),
    };
    const byFlow = { tenant: labels.tenant, flow: labels.flow };
    const active = alertActive(alert);
    if (active !== undefined) alertActiveGauge.set(labels, active ? 1 : 0);
    if (alert.new_status !== undefined) {
      const current = alert.new_status.toUpperCase();
      const known = new Set<string>([...FLOW_STATUSES, current]);
      if (alert.old_status !== undefined) known.add(alert.old_status.toUpperCase());
      for (const name of known) {
        status.set({ ...byFlow, status: eventLabel(name) }, name === current ? 1 : 0);
      }
    }
    if (alert.p50_latency !== undefined)
      latency.set({ ...byFlow, quantile: '0.5' }, alert.p50_latency / 1000);
    if (alert.p90_latency !== undefined)
      latency.set({ ...byFlow, quantile: '0.9' }, alert.p90_latency / 1000);
    if (alert.error_rate !== undefined) errorRate.set(labels, alert.error_rate / 100);
    if (alert.availability !== undefined) availability.set(byFlow, alert.availability / 100);
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

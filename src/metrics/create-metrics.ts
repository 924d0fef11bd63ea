import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FlowObserver } from './flow-observer';

/** From 1 ms to 10 s, with Meta's latency alert thresholds (p90 over 1 s, 5 s, 7 s) as edges. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 7, 10];

/** Statuses the WhatsApp client treats specially, counted on their own for alerting. */
const PROTOCOL_STATUSES = new Set([421, 427, 432]);

/**
 * Label values come from requests; past this many distinct values a label reads "other", so a
 * client sending random screens or error keys cannot grow the registry without bound.
 */
const MAX_DISTINCT = 100;

export function bounded(): (value: string | undefined) => string {
  const seen = new Set<string>();
  return (value) => {
    if (value === undefined || value === '') return 'none';
    if (seen.has(value)) return value;
    if (seen.size >= MAX_DISTINCT || !/^[\w.-]{1,64}$/.test(value)) return 'other';
    seen.add(value);
    return value;
  };
}

export interface Metrics {
  registry: Registry;
  observer: FlowObserver;
  /**
   * What `flows_tenants_without_request_signatures` reads at each scrape: the tenants (the
   * default one included) served with request signatures off. 0 until a count is given.
   */
  countTenantsWithoutSignatures(count: () => number | Promise<number>): void;
}

/** The tenant a request metric carries when none was named: the environment's business. */
const DEFAULT_TENANT = 'default';

export interface MetricsOptions {
  /**
   * METRICS_TENANT_LABEL: request metrics also by tenant (series × tenants). Off, they stay per
   * flow whatever the number of tenants.
   */
  tenantLabel?: boolean;
}

/** The Prometheus registry behind GET /metrics, and the observer that feeds it. */
export function createMetrics({ tenantLabel = false }: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const screenLabel = bounded();
  const actionLabel = bounded();
  const errorKeyLabel = bounded();
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });

  const byTenant = tenantLabel ? (['tenant'] as const) : [];
  const requests = counter(
    'flows_requests_total',
    'Flow requests by flow, action, screen and HTTP status.',
    [...byTenant, 'flow', 'action', 'screen', 'status'],
  );
  const duration = new Histogram({
    name: 'flows_request_duration_seconds',
    help: 'Time to answer a flow request, by flow and action.',
    labelNames: [...byTenant, 'flow', 'action'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const refusals = counter(
    'flows_protocol_refusals_total',
    'Requests answered 421 (cannot decrypt), 427 (flow token invalid) or 432 (bad signature).',
    [...byTenant, 'flow', 'status'],
  );
  const handlerErrors = counter(
    'flows_handler_errors_total',
    'Handlers that threw, or requests no handler exists for.',
    ['flow'],
  );
  const invalidAnswers = counter(
    'flows_invalid_answers_total',
    'Answers that did not match flow.json (sent in warn mode, refused in strict mode).',
    ['flow', 'screen'],
  );
  const notifications = counter(
    'flows_error_notifications_total',
    'Error notifications from the device (our previous answer was invalid), by error key.',
    ['flow', 'error_key'],
  );
  const decryptions = counter(
    'flows_decryptions_total',
    'Requests decrypted, by private key fingerprint (retire a key once it serves nothing).',
    ['key'],
  );

  let withoutSignatures: () => number | Promise<number> = () => 0;
  new Gauge({
    name: 'flows_tenants_without_request_signatures',
    help: 'Tenants (the default one included) whose flow requests are served without checking X-Hub-Signature-256.',
    registers: [registry],
    async collect() {
      this.set(await withoutSignatures());
    },
  });

  /**
   * The label sets of one request's series, made once per distinct set: building them (spreads,
   * status as text) cost several times what prom-client's own counting does. Keyed by the bounded
   * values, so the map grows no further than the series themselves.
   */
  interface RequestSeries {
    request: Record<string, string>;
    duration: Record<string, string>;
    refusal: Record<string, string> | undefined;
  }
  const requestSeries = new Map<string, RequestSeries>();
  const seriesOf = (
    tenant: string | undefined,
    flow: string,
    action: string,
    screen: string,
    status: number,
  ): RequestSeries => {
    const key = `${tenantLabel ? (tenant ?? DEFAULT_TENANT) : ''}\n${flow}\n${action}\n${screen}\n${status}`;
    const known = requestSeries.get(key);
    if (known !== undefined) return known;
    const who: Record<string, string> = tenantLabel
      ? { tenant: tenant ?? DEFAULT_TENANT, flow }
      : { flow };
    const series: RequestSeries = {
      request: { ...who, action, screen, status: String(status) },
      duration: { ...who, action },
      refusal: PROTOCOL_STATUSES.has(status) ? { ...who, status: String(status) } : undefined,
    };
    requestSeries.set(key, series);
    return series;
  };

  const observer: FlowObserver = {
    request({ tenant, flow, action, screen, status, seconds }) {
      const series = seriesOf(tenant, flow, actionLabel(action), screenLabel(screen), status);
      requests.inc(series.request);
      duration.observe(series.duration, seconds);
      if (series.refusal) refusals.inc(series.refusal);
    },
    handlerError: (flow) => handlerErrors.inc({ flow }),
    invalidAnswer: (flow, screen) => invalidAnswers.inc({ flow, screen: screenLabel(screen) }),
    errorNotification: (flow, errorKey) =>
      notifications.inc({ flow, error_key: errorKeyLabel(errorKey) }),
    decryptedWith: (keyId) => decryptions.inc({ key: keyId }),
  };
  return {
    registry,
    observer,
    countTenantsWithoutSignatures: (count) => {
      withoutSignatures = count;
    },
  };
}

import { Registry } from 'prom-client';
import supertest from 'supertest';
import { loadConfigPart } from '../../src/config/config-part';
import { metricsConfigPart } from '../../src/config/metrics-config';
import { createMetrics } from '../../src/metrics/create-metrics';
import { createTestEndpoint } from '../../src/testing/create-test-endpoint';
import { createWebhookMetrics } from '../../src/webhooks/webhook-metrics';
import { flowEventRecordSchema } from '../../src/webhooks/webhook-records';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { metricValue } from '../helpers/metric-value';
import { greeterFlow } from '../helpers/greeter-flow';
import { createTestApp } from '../helpers/test-app';

const latencyEvent = (tenant: string | undefined, p90: number) =>
  flowEventRecordSchema.parse({
    id: `event-${tenant ?? 'default'}`,
    ...(tenant !== undefined && { tenant }),
    flowId: '1234567890',
    flow: 'book-appointment',
    alert: {
      event: 'ENDPOINT_LATENCY',
      flow_id: '1234567890',
      alert_state: 'ACTIVATED',
      p90_latency: p90,
      p50_latency: 500,
      new_status: 'THROTTLED',
      availability: 80,
    },
    receivedAt: new Date(0).toISOString(),
  });

const request = {
  flow: 'book-appointment',
  action: 'data_exchange',
  screen: 'APPOINTMENT',
  status: 200,
  seconds: 0.01,
};

describe('metrics of many tenants', () => {
  it("when Meta's alerts arrive for two tenants' copies of one flow, then each gauge has a series per tenant", async () => {
    const registry = new Registry();
    const webhooks = createWebhookMetrics(registry);
    webhooks.flowEvent(latencyEvent('acme', 8000));
    webhooks.flowEvent(latencyEvent('globex', 2000));
    webhooks.flowEvent(latencyEvent(undefined, 300));
    const text = await registry.metrics();
    for (const [tenant, seconds] of [
      ['acme', 8],
      ['globex', 2],
      ['default', 0.3],
    ] as const) {
      const flow = `tenant="${tenant}",flow="book-appointment"`;
      expect(text).toContain(
        `flows_meta_endpoint_latency_seconds{${flow},quantile="0.9"} ${seconds}`,
      );
      expect(text).toContain(`flows_meta_alert_active{${flow},event="ENDPOINT_LATENCY"} 1`);
      expect(text).toContain(`flows_meta_flow_status{${flow},status="THROTTLED"} 1`);
      expect(text).toContain(`flows_meta_availability_ratio{${flow}} 0.8`);
    }
  });

  it('when METRICS_TENANT_LABEL is off, then request metrics stay per flow whatever the tenant', async () => {
    const { registry, observer } = createMetrics();
    observer.request({ ...request, tenant: 'acme' });
    observer.request({ ...request, tenant: 'globex' });
    observer.request({ ...request, status: 432 });
    const text = await registry.metrics();
    expect(text).not.toMatch(
      /^flows_(requests_total|request_duration|protocol_refusals)\S*\{[^}]*tenant=/m,
    );
    expect(text).toContain(
      'flows_requests_total{flow="book-appointment",action="data_exchange",screen="APPOINTMENT",status="200"} 2',
    );
  });

  it('when METRICS_TENANT_LABEL is on, then request metrics carry the tenant (default for the environment business)', async () => {
    const { registry, observer } = createMetrics({ tenantLabel: true });
    observer.request({ ...request, tenant: 'acme' });
    observer.request({ ...request, status: 432 });
    const text = await registry.metrics();
    expect(text).toContain(
      'flows_requests_total{tenant="acme",flow="book-appointment",action="data_exchange",screen="APPOINTMENT",status="200"} 1',
    );
    expect(text).toContain(
      'flows_protocol_refusals_total{tenant="default",flow="book-appointment",status="432"} 1',
    );
    expect(text).toContain(
      'flows_request_duration_seconds_count{tenant="acme",flow="book-appointment",action="data_exchange"} 1',
    );
  });

  it('when a single business is served, then its request metrics have no tenant label and no tenant goes unsigned', async () => {
    const { app, send, token } = createTestApp();
    await send({ version: '3.0', action: 'INIT', flow_token: token() });
    const text = (await supertest(app).get('/metrics')).text;
    expect(text).toMatch(/^flows_requests_total\{flow="book-appointment",action="INIT",/m);
    expect(await metricValue(app, 'flows_tenants_without_request_signatures')).toBe(0);
  });

  it('when the single business and stored tenants turn request signatures off, then the gauge counts each, as the directory changes', async () => {
    const tenants = createMemoryTenantDirectory();
    const { app } = createTestEndpoint({
      flows: greeterFlow,
      app: { requestSignatures: 'off', tenants },
    });
    expect(await metricValue(app, 'flows_tenants_without_request_signatures')).toBe(1);
    await tenants.put('acme', { name: 'Acme', provider: 'cloud', requestSignatures: 'off' });
    await tenants.put('bolt', { name: 'Bolt', provider: 'cloud' });
    expect(await metricValue(app, 'flows_tenants_without_request_signatures')).toBe(2);
  });

  it('when a count of tenants without request signatures is given, then the gauge reads it at each scrape', async () => {
    const { registry, countTenantsWithoutSignatures } = createMetrics();
    let count = 2;
    countTenantsWithoutSignatures(async () => count);
    expect(await registry.metrics()).toContain('flows_tenants_without_request_signatures 2');
    count = 3;
    expect(await registry.metrics()).toContain('flows_tenants_without_request_signatures 3');
  });

  it.each([
    [{}, false],
    [{ METRICS_TENANT_LABEL: 'false' }, false],
    [{ METRICS_TENANT_LABEL: 'true' }, true],
  ])('when the environment is %j, then the tenant label is %s', (env, tenantLabel) => {
    expect(loadConfigPart(env, metricsConfigPart)).toEqual({ tenantLabel });
  });

  it('when METRICS_TENANT_LABEL is neither true nor false, then the server refuses to start', () => {
    expect(() => loadConfigPart({ METRICS_TENANT_LABEL: 'yes' }, metricsConfigPart)).toThrow(
      /METRICS_TENANT_LABEL must be true or false/,
    );
  });
});

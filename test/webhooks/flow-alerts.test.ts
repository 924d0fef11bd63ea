import type { FlowEventContext } from '../../src/webhooks/webhook-processor';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { metricValue } from '../helpers/metric-value';
import { createTestApp } from '../helpers/test-app';
import { deliver, flowsChange, waitFor } from '../helpers/webhook-deliveries';

const FLOW_ID = '1234567890';

function setup() {
  const paged: FlowEventContext[] = [];
  const testApp = createTestApp({
    webhooks: {
      flowNameOf: (id) => (id === FLOW_ID ? 'book-appointment' : undefined),
      onFlowEvent: (ctx) => {
        paged.push(ctx);
      },
      retryDelaysMs: [0],
    },
  });
  return { ...testApp, paged, records: createWebhookRecords(testApp.store) };
}

const flow = { flow: 'book-appointment' };

describe("Meta's Flow events (field flows)", () => {
  it('when ENDPOINT_LATENCY activates, then the latency and the alert show in /metrics, the log warns and the hook pages', async () => {
    const { app, logs, paged } = setup();
    const res = await deliver(
      app,
      flowsChange({
        event: 'ENDPOINT_LATENCY',
        message: "Flow Endpoint's latency has reached the threshold",
        flow_id: FLOW_ID,
        p90_latency: 8000,
        p50_latency: 500,
        requests_count: 34,
        threshold: 7000,
        alert_state: 'ACTIVATED',
      }),
    );
    expect(res.status).toBe(200);
    expect(
      await metricValue(app, 'flows_meta_endpoint_latency_seconds', { ...flow, quantile: '0.9' }),
    ).toBe(8);
    expect(
      await metricValue(app, 'flows_meta_endpoint_latency_seconds', { ...flow, quantile: '0.5' }),
    ).toBe(0.5);
    expect(
      await metricValue(app, 'flows_meta_alert_active', { ...flow, event: 'ENDPOINT_LATENCY' }),
    ).toBe(1);
    const line = logs.lines().find((entry) => entry.msg === 'Meta Flow alert active');
    expect(line).toMatchObject({
      level: 40,
      event: 'ENDPOINT_LATENCY',
      flow: 'book-appointment',
      p90LatencyMs: 8000,
    });
    await waitFor(() => paged.length === 1);
    expect(paged[0]?.event).toMatchObject({
      flow: 'book-appointment',
      flowId: FLOW_ID,
      alert: { event: 'ENDPOINT_LATENCY' },
    });
  });

  it('when one replica receives the alert, then another replica on the same store shows it too', async () => {
    const { app, store } = setup();
    const other = createTestApp({ store, webhooks: { flowNameOf: () => 'book-appointment' } });
    await deliver(
      app,
      flowsChange({
        event: 'ENDPOINT_LATENCY',
        flow_id: FLOW_ID,
        p90_latency: 5500,
        alert_state: 'ACTIVATED',
      }),
    );
    expect(
      await metricValue(other.app, 'flows_meta_endpoint_latency_seconds', {
        ...flow,
        quantile: '0.9',
      }),
    ).toBe(5.5);
    expect(
      await metricValue(other.app, 'flows_meta_alert_active', {
        ...flow,
        event: 'ENDPOINT_LATENCY',
      }),
    ).toBe(1);
  });

  it('when an alert clears, then the gauge drops to 0 and the log says so at info', async () => {
    const { app, logs } = setup();
    const alert = {
      event: 'ENDPOINT_AVAILABILITY',
      flow_id: FLOW_ID,
      availability: 75,
      threshold: 90,
    };
    await deliver(app, flowsChange({ ...alert, alert_state: 'ACTIVATED' }, 1));
    expect(await metricValue(app, 'flows_meta_availability_ratio', flow)).toBe(0.75);
    await deliver(app, flowsChange({ ...alert, availability: 95, alert_state: 'DEACTIVATED' }, 2));
    expect(
      await metricValue(app, 'flows_meta_alert_active', {
        ...flow,
        event: 'ENDPOINT_AVAILABILITY',
      }),
    ).toBe(0);
    expect(await metricValue(app, 'flows_meta_availability_ratio', flow)).toBe(0.95);
    expect(logs.lines().find((entry) => entry.msg === 'Meta Flow alert cleared')).toMatchObject({
      level: 30,
    });
  });

  it.each(['CLIENT_ERROR_RATE', 'ENDPOINT_ERROR_RATE'])(
    'when %s activates, then the error rate and the alert move',
    async (event) => {
      const { app } = setup();
      await deliver(
        app,
        flowsChange({
          event,
          flow_id: FLOW_ID,
          error_rate: 14.28,
          threshold: 10,
          alert_state: 'ACTIVATED',
          errors: [
            { error_type: 'INVALID_SCREEN_TRANSITION', error_rate: 14.28, error_count: 1 },
            { error_type: 'timeout_error', error_count: 2 },
          ],
        }),
      );
      expect(await metricValue(app, 'flows_meta_error_rate', { ...flow, event })).toBeCloseTo(
        0.1428,
      );
      expect(await metricValue(app, 'flows_meta_alert_active', { ...flow, event })).toBe(1);
    },
  );

  it('when FLOW_STATUS_CHANGE says THROTTLED, then only the current status is 1 and the log warns', async () => {
    const { app, logs } = setup();
    await deliver(
      app,
      flowsChange({
        event: 'FLOW_STATUS_CHANGE',
        flow_id: FLOW_ID,
        old_status: 'PUBLISHED',
        new_status: 'THROTTLED',
      }),
    );
    expect(await metricValue(app, 'flows_meta_flow_status', { ...flow, status: 'THROTTLED' })).toBe(
      1,
    );
    expect(await metricValue(app, 'flows_meta_flow_status', { ...flow, status: 'PUBLISHED' })).toBe(
      0,
    );
    expect(logs.lines().find((entry) => entry.event === 'FLOW_STATUS_CHANGE')).toMatchObject({
      level: 40,
      newStatus: 'THROTTLED',
    });
  });

  it('when a Flow is created (no old_status, DRAFT), then its status is DRAFT and the log is info', async () => {
    const { app, logs } = setup();
    await deliver(
      app,
      flowsChange({ event: 'FLOW_STATUS_CHANGE', flow_id: '999', new_status: 'DRAFT' }),
    );
    expect(await metricValue(app, 'flows_meta_flow_status', { flow: '999', status: 'DRAFT' })).toBe(
      1,
    );
    expect(logs.lines().find((entry) => entry.event === 'FLOW_STATUS_CHANGE')).toMatchObject({
      level: 30,
      flow: null,
      flowId: '999',
    });
  });

  it('when FLOW_VERSION_EXPIRY_WARNING arrives, then it is recorded and the log warns', async () => {
    const { app, records, logs } = setup();
    await deliver(
      app,
      flowsChange({
        event: 'FLOW_VERSION_EXPIRY_WARNING',
        flow_id: FLOW_ID,
        warning: 'Flow JSON version 2.1 expires soon',
      }),
    );
    expect((await records.events())[0]).toMatchObject({
      flow: 'book-appointment',
      alert: { event: 'FLOW_VERSION_EXPIRY_WARNING' },
    });
    expect(
      logs.lines().find((entry) => entry.event === 'FLOW_VERSION_EXPIRY_WARNING'),
    ).toMatchObject({ level: 40 });
  });

  it('when an event this project does not know arrives, then it is kept, not rejected', async () => {
    const { app, records } = setup();
    const res = await deliver(
      app,
      flowsChange({ event: 'SOMETHING_NEW', flow_id: FLOW_ID, threshold: '12.5', extra: { a: 1 } }),
    );
    expect(res.status).toBe(200);
    expect((await records.events())[0]?.alert).toMatchObject({
      event: 'SOMETHING_NEW',
      threshold: 12.5,
    });
  });

  it('when the same alert is delivered twice, then it is recorded and paged once', async () => {
    const { app, records, paged } = setup();
    const body = flowsChange({
      event: 'ENDPOINT_ERROR_RATE',
      flow_id: FLOW_ID,
      error_rate: 60,
      alert_state: 'ACTIVATED',
    });
    await deliver(app, body);
    await deliver(app, body);
    await waitFor(() => paged.length >= 1);
    expect(await records.events()).toHaveLength(1);
    expect(paged).toHaveLength(1);
  });

  it('when the onFlowEvent hook throws, then the event stays recorded and the hook is retried', async () => {
    let calls = 0;
    const { app, store } = createTestApp({
      webhooks: {
        onFlowEvent: () => {
          calls += 1;
          if (calls === 1) throw new Error('pager down');
        },
        retryDelaysMs: [0],
      },
    });
    await deliver(
      app,
      flowsChange({
        event: 'ENDPOINT_LATENCY',
        flow_id: FLOW_ID,
        p90_latency: 6000,
        alert_state: 'ACTIVATED',
      }),
    );
    await waitFor(() => calls === 2);
    const events = await createWebhookRecords(store).events();
    expect(events).toHaveLength(1);
  });
});

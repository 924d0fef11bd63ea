import request from 'supertest';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { metricValue } from '../helpers/metric-value';
import { createTestApp, issueToken } from '../helpers/test-app';
import { sealRequest } from '../helpers/whatsapp-client';

describe('GET /metrics', () => {
  it('when flow requests were served, then they are counted by flow, action, screen and status', async () => {
    const { app, send, token } = createTestApp();
    await send({ version: '3.0', action: 'ping' });
    await send({ version: '3.0', action: 'INIT', flow_token: token() });
    await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      data: { trigger: 'department_selected', department: 'home' },
      flow_token: token(),
    });
    const count = (labels: Record<string, string>) =>
      metricValue(app, 'flows_requests_total', labels);
    expect(
      await count({ flow: 'book-appointment', action: 'ping', screen: 'none', status: '200' }),
    ).toBe(1);
    expect(await count({ flow: 'book-appointment', action: 'INIT', status: '200' })).toBe(1);
    expect(
      await count({
        flow: 'book-appointment',
        action: 'data_exchange',
        screen: 'APPOINTMENT',
        status: '200',
      }),
    ).toBe(1);
  });

  it('when a request was answered, then the latency histogram has buckets from 1 ms to 10 s including 1, 5 and 7 s', async () => {
    const { app, send } = createTestApp();
    await send({ version: '3.0', action: 'ping' });
    const text = (await request(app).get('/metrics')).text;
    for (const le of ['0.001', '0.01', '0.1', '1', '5', '7', '10']) {
      expect(text).toMatch(
        new RegExp(
          `flows_request_duration_seconds_bucket\\{le="${le.replace('.', '\\.')}",flow="book-appointment",action="ping"\\} [01]`,
        ),
      );
    }
    expect(text).toContain(
      'flows_request_duration_seconds_bucket{le="+Inf",flow="book-appointment",action="ping"} 1',
    );
  });

  it('when requests are refused with 421, 427 and 432, then each is counted on its own', async () => {
    const { app, client, send } = createTestApp();
    await client.post(sealRequest({ version: '3.0', action: 'ping' }).body, {
      'X-Hub-Signature-256': 'sha256=bad',
    });
    const envelope = JSON.parse(sealRequest({ version: '3.0', action: 'ping' }).body) as Record<
      string,
      string
    >;
    await client.post(JSON.stringify({ ...envelope, encrypted_aes_key: 'AAAA' }));
    await send({ version: '3.0', action: 'INIT', flow_token: 'not-a-token' });
    for (const status of ['421', '427', '432']) {
      expect(
        await metricValue(app, 'flows_protocol_refusals_total', {
          flow: 'book-appointment',
          status,
        }),
      ).toBe(1);
    }
  });

  it('when handlers fail and the device reports errors, then both are counted', async () => {
    const failing = defineFlow({
      name: 'failing',
      INIT: () => {
        throw new Error('boom');
      },
    });
    const { app, send, token } = createTestApp({ flows: [failing] });
    await send({ version: '3.0', action: 'INIT', flow_token: token() });
    await send({ version: '3.0', action: 'BACK', screen: 'X', flow_token: token() });
    await send({
      version: '3.0',
      action: 'INIT',
      flow_token: token(),
      data: { error: 'payload-schema-error' },
    });
    expect(await metricValue(app, 'flows_handler_errors_total', { flow: 'failing' })).toBe(2);
    expect(
      await metricValue(app, 'flows_error_notifications_total', {
        flow: 'failing',
        error_key: 'payload-schema-error',
      }),
    ).toBe(1);
  });

  it('when requests carry random screens, then the screen label stays bounded', async () => {
    const { app, send, token } = createTestApp();
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        send({ version: '3.0', action: 'BACK', screen: `S${i}`, flow_token: token() }),
      ),
    );
    const text = (await request(app).get('/metrics')).text;
    const screens = new Set(
      [...text.matchAll(/flows_requests_total\{[^}]*screen="([^"]+)"/g)].map((match) => match[1]),
    );
    expect(screens.size).toBeLessThanOrEqual(101);
    expect(screens.has('other')).toBe(true);
  });

  it('when a request is decrypted, then the key that opened it is counted', async () => {
    const { app, send } = createTestApp();
    await send({ version: '3.0', action: 'ping' });
    const text = (await request(app).get('/metrics')).text;
    expect(text).toMatch(/flows_decryptions_total\{key="[0-9a-f]{16}"\} 1/);
  });

  it('when scraped, then the default process metrics are there too', async () => {
    const { app } = createTestApp();
    const text = (await request(app).get('/metrics')).text;
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('when METRICS_TOKEN is set, then /metrics needs it as a bearer token', async () => {
    const { app } = createTestApp({ metricsToken: 'scrape-secret' });
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong')).status).toBe(
      401,
    );
    const ok = await request(app).get('/metrics').set('Authorization', 'Bearer scrape-secret');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('when a token is issued for another flow, then the refusal is counted under the flow asked', async () => {
    const { app, send } = createTestApp();
    await send({ version: '3.0', action: 'INIT', flow_token: issueToken('other-flow') });
    expect(
      await metricValue(app, 'flows_protocol_refusals_total', {
        flow: 'book-appointment',
        status: '427',
      }),
    ).toBe(1);
  });
});

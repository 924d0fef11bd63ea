import { signBody } from '../../src/device/sign-body';
import { BODY_LIMIT } from '../../src/http/flow-route';
import { listen, type Listening } from '../helpers/listen';
import { metricValue } from '../helpers/metric-value';
import { getJson } from '../helpers/server-process';
import { slowSender } from '../helpers/slow-sender';
import { APP_SECRET, createTestApp } from '../helpers/test-app';
import { cloudMessages, deliver, textMessage, WEBHOOK_SECRET } from '../helpers/webhook-deliveries';

/** Small, so that a few slow senders fill it. */
const BOUND = 64 * 1024;
const FORGED = { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
const FLOW = '/flows/book-appointment';
const WEBHOOKS = '/webhooks/whatsapp';
const delivery = () => cloudMessages([textMessage()]);

describe('bodies read before their sender is known', () => {
  let testApp: ReturnType<typeof createTestApp>;
  let server: Listening;
  let port: number;

  beforeEach(async () => {
    testApp = createTestApp({
      unverifiedBodiesMax: BOUND,
      webhooks: { webhookSecrets: [WEBHOOK_SECRET] },
    });
    server = await listen(testApp.app);
    port = Number(new URL(server.base).port);
  });
  afterEach(() => server.close());

  /**
   * Once a request on a later connection is answered, the server has seen everything sent before
   * it: the headers of earlier requests, and connections that were dropped.
   */
  const caughtUp = () => getJson(port, '/healthz');

  it('when flow request bodies in flight would pass the bound, then the one arriving longest is refused 503 on a connection the server closes, and the newer is read', async () => {
    const holder = slowSender(port, FLOW, 48 * 1024, FORGED);
    holder.send(1024);
    await caughtUp();

    const newer = slowSender(port, FLOW, 32 * 1024, FORGED);
    expect(await holder.answer).toMatchObject({ status: 503, headers: { connection: 'close' } });
    await holder.closed;
    newer.send(32 * 1024);
    expect((await newer.answer).status).toBe(432);
    expect((await testApp.send({ version: '3.0', action: 'ping' })).status).toBe(200);
  });

  it('when a flow request announces more than 1 MiB, then 413 before any byte of it is read', async () => {
    const sender = slowSender(port, FLOW, BODY_LIMIT + 1, FORGED);
    expect(await sender.answer).toMatchObject({ status: 413, headers: { connection: 'close' } });
    await sender.closed;
  });

  it('when a signed delivery arrives while a forged one holds the bound, then the forged one makes room (counted as overloaded) and the signed one is recorded', async () => {
    const holder = slowSender(port, WEBHOOKS, 48 * 1024, FORGED);
    await caughtUp();
    const body = JSON.stringify({ ...delivery(), padding: 'x'.repeat(32 * 1024) });

    expect((await deliver(testApp.app, body, 'meta')).status).toBe(200);
    expect((await holder.answer).status).toBe(503);
    expect(
      await metricValue(testApp.app, 'flows_webhook_deliveries_total', { result: 'overloaded' }),
    ).toBe(1);
  });

  it.each([
    ['a wrong X-Webhook-Secret', { 'x-webhook-secret': 'not-the-webhook-secret' }],
    ['a wrong X-Webhook-Secret and a forged signature', { 'x-webhook-secret': 'nope', ...FORGED }],
    ['neither header', {}],
  ])(
    'when a delivery carries %s, then 401 before any byte of its body is read',
    async (_case, headers) => {
      const sender = slowSender(port, WEBHOOKS, 3 * 1024 * 1024, headers);
      expect(await sender.answer).toMatchObject({ status: 401, headers: { connection: 'close' } });
      await sender.closed;
    },
  );

  it('when a delivery is rightly signed but carries a wrong X-Webhook-Secret, then 401: a wrong secret is never outvoted', async () => {
    const body = JSON.stringify(delivery());
    const auth = { signature: signBody(body, APP_SECRET), secret: 'not-the-webhook-secret' };
    expect((await deliver(testApp.app, body, auth)).status).toBe(401);
  });

  it('when the right X-Webhook-Secret comes while forged bodies fill the bound, then its delivery is read without taking their room', async () => {
    const holders = [
      slowSender(port, FLOW, 32 * 1024, FORGED),
      slowSender(port, WEBHOOKS, 32 * 1024, FORGED),
    ];
    await caughtUp();
    const body = JSON.stringify({ ...delivery(), padding: 'x'.repeat(32 * 1024) });

    expect((await deliver(testApp.app, body, '360dialog')).status).toBe(200);
    await caughtUp();
    expect(holders.map((holder) => holder.outcome())).toEqual(['sending', 'sending']);
    for (const holder of holders) holder.leave();
  });

  it('when a slow sender leaves or sends its whole body, then the bytes it held are free again', async () => {
    const leaving = slowSender(port, WEBHOOKS, 60 * 1024, FORGED);
    leaving.send(30 * 1024);
    await caughtUp();
    leaving.leave();
    await caughtUp();

    const finishing = slowSender(port, WEBHOOKS, 60 * 1024, FORGED);
    finishing.send(60 * 1024);
    expect((await finishing.answer).status).toBe(401);

    const fits = slowSender(port, FLOW, BOUND, FORGED);
    fits.send(BOUND);
    expect((await fits.answer).status).toBe(432);
  });
});

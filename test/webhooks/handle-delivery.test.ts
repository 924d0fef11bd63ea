import { Registry } from 'prom-client';
import { signBody } from '../../src/device/sign-body';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createMemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/store';
import { handleDelivery, type DeliveryInput } from '../../src/webhooks/handle-delivery';
import { createWebhookMetrics } from '../../src/webhooks/webhook-metrics';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { APP_SECRET, issueToken, TOKEN_SECRET } from '../helpers/test-app';
import {
  cloudMessages,
  nfmReply,
  statusUpdate,
  WEBHOOK_SECRET,
} from '../helpers/webhook-deliveries';

const RECEIVED_AT = new Date('2026-03-02T08:00:00Z');

function setup(store: Store = createMemoryStore()) {
  const registry = new Registry();
  const deps = {
    auth: { appSecrets: [APP_SECRET], webhookSecrets: [WEBHOOK_SECRET], production: true },
    flows: [defineFlow({ name: 'survey' })],
    store,
    tokens: { secret: TOKEN_SECRET, production: true },
    records: createWebhookRecords(store),
    metrics: createWebhookMetrics(registry),
    now: () => RECEIVED_AT,
  };
  return { deps, registry };
}

/** Bytes signed like Meta signs them. */
function signed(body: unknown): DeliveryInput {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { rawBody, headers: { signature: signBody(rawBody, APP_SECRET), secret: undefined } };
}

const reply = (id = 'wamid.DIRECT1') =>
  cloudMessages([nfmReply({ id, response: { flow_token: issueToken('survey', 'u1'), ok: 1 } })]);

describe('a webhook delivery handled as bytes and headers, without HTTP', () => {
  it('when a signed Flow reply arrives, then it is recorded and the answer is a 200', async () => {
    const { deps } = setup();
    const outcome = await handleDelivery(signed(reply()), deps);
    expect(outcome).toMatchObject({ status: 200, result: 'recorded' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.records).toEqual([
      {
        kind: 'completion',
        record: expect.objectContaining({
          id: 'wamid.DIRECT1',
          flow: 'survey',
          matchedBy: 'flow_token',
          subject: 'u1',
          receivedAt: RECEIVED_AT.toISOString(),
        }),
      },
    ]);
  });

  it('when the same reply comes again, then nothing new is recorded and it is a duplicate', async () => {
    const { deps } = setup();
    await handleDelivery(signed(reply()), deps);
    const again = await handleDelivery(signed(reply()), deps);
    expect(again).toMatchObject({ status: 200, result: 'duplicate', records: [] });
  });

  it('when a delivery holds only status updates, then it is ignored with a 200', async () => {
    const { deps, registry } = setup();
    const outcome = await handleDelivery(signed(cloudMessages([], [statusUpdate()])), deps);
    expect(outcome).toMatchObject({ status: 200, result: 'ignored', records: [] });
    const items = await registry.getSingleMetricAsString('flows_webhook_items_total');
    expect(items).toContain('flows_webhook_items_total{kind="status"} 1');
  });

  it("when 360dialog's secret header comes with the bytes, then no signature is needed", async () => {
    const { deps } = setup();
    const rawBody = Buffer.from(JSON.stringify(reply()));
    const outcome = await handleDelivery(
      { rawBody, headers: { signature: undefined, secret: WEBHOOK_SECRET } },
      deps,
    );
    expect(outcome).toMatchObject({ status: 200, result: 'recorded' });
  });

  it('when the bytes differ from what was signed, then it is a 401 and nothing is recorded', async () => {
    const { deps } = setup();
    const input = signed(reply());
    const outcome = await handleDelivery(
      { ...input, rawBody: Buffer.from(JSON.stringify(reply('wamid.OTHER'))) },
      deps,
    );
    expect(outcome).toMatchObject({ status: 401, result: 'unauthorized', records: [] });
    expect(outcome.error?.kind).toBe('unauthorized');
    expect(await deps.records.completions()).toEqual([]);
  });

  it('when neither header is present, then it is a 401', async () => {
    const { deps } = setup();
    const rawBody = Buffer.from(JSON.stringify(reply()));
    const outcome = await handleDelivery(
      { rawBody, headers: { signature: undefined, secret: undefined } },
      deps,
    );
    expect(outcome).toMatchObject({ status: 401, result: 'unauthorized' });
  });

  it.each([
    ['not JSON', '{"entry": ['],
    ['nested deeper than any sender nests', '['.repeat(40) + ']'.repeat(40)],
  ])('when the body is %s, then it is a 400', async (_name, body) => {
    const { deps } = setup();
    const outcome = await handleDelivery(signed(body), deps);
    expect(outcome).toMatchObject({ status: 400, result: 'malformed', records: [] });
  });

  it('when a delivery holds more items than allowed, then it is a 413', async () => {
    const { deps } = setup();
    const entries = Array.from({ length: 1_001 }, () => ({ id: 'x', changes: [] }));
    const outcome = await handleDelivery(signed({ object: 'x', entry: entries }), deps);
    expect(outcome).toMatchObject({ status: 413, result: 'too_large' });
  });

  it('when the store is down, then it is a fast 503 and the sender retries', async () => {
    const store = createMemoryStore();
    const { deps } = setup(store);
    jest.spyOn(store, 'writeDurably').mockRejectedValue(new StoreUnavailableError('down'));
    const outcome = await handleDelivery(signed(reply()), deps);
    expect(outcome).toMatchObject({ status: 503, result: 'store_unavailable', records: [] });
  });
});

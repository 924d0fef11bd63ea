import request from 'supertest';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { signBody } from '../../src/device/sign-body';
import { createFeedbackFlow, ratingCounts } from '../../flows/feedback';
import {
  defineFlow,
  type CompletionContext,
  type UntypedSpec,
} from '../../src/flow-definition/define-flow';
import { createMemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/store';
import { recordSentMessage } from '../../src/tokens/sent-message';
import { tokenKey } from '../../src/tokens/token-key';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { metricValue } from '../helpers/metric-value';
import { APP_SECRET, createTestApp, issueToken, type TestAppOptions } from '../helpers/test-app';
import {
  cloudMessages,
  deliver,
  messageId,
  nfmReply,
  statusUpdate,
  textMessage,
  VERIFY_TOKEN,
  waitFor,
  WEBHOOK_SECRET,
} from '../helpers/webhook-deliveries';

const NO_RETRY_WAIT = [0, 0, 0];

function setup(
  options: TestAppOptions & {
    onComplete?: (ctx: CompletionContext<UntypedSpec>) => void | Promise<void>;
  } = {},
) {
  const seen: CompletionContext<UntypedSpec>[] = [];
  const survey = defineFlow({
    name: 'survey',
    async onComplete(ctx) {
      await options.onComplete?.(ctx);
      seen.push(ctx);
    },
  });
  const testApp = createTestApp({
    flows: (store) => [survey, createFeedbackFlow({ store })],
    ...options,
    webhooks: {
      verifyToken: VERIFY_TOKEN,
      webhookSecrets: [WEBHOOK_SECRET],
      retryDelaysMs: NO_RETRY_WAIT,
      ...options.webhooks,
    },
  });
  const records = createWebhookRecords(testApp.store);
  return { ...testApp, seen, records };
}

describe('webhook verification handshake', () => {
  const { app } = setup();

  it('when Meta presents the verify token, then the challenge comes back as text', async () => {
    const res = await request(app).get('/webhooks/whatsapp').query({
      'hub.mode': 'subscribe',
      'hub.verify_token': VERIFY_TOKEN,
      'hub.challenge': '1158201444',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('1158201444');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it.each([
    [
      'a wrong token',
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' },
    ],
    [
      'another mode',
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
    ],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }],
    [
      'markup as challenge',
      { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '<script>' },
    ],
    ['nothing', {}],
  ])('when it comes with %s, then 403', async (_case, query) => {
    const res = await request(app).get('/webhooks/whatsapp').query(query);
    expect(res.status).toBe(403);
  });

  it('when no WEBHOOK_VERIFY_TOKEN is configured, then every handshake is refused', async () => {
    const { app: bare } = setup({ webhooks: { verifyToken: undefined } });
    const res = await request(bare)
      .get('/webhooks/whatsapp')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' });
    expect(res.status).toBe(403);
  });

  it('then the verify token never reaches the log', async () => {
    const { app: logged, logs } = setup();
    await request(logged)
      .get('/webhooks/whatsapp')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '7' });
    expect(logs.text()).toContain('/webhooks/whatsapp');
    expect(logs.text()).not.toContain(VERIFY_TOKEN);
  });
});

describe('delivery authenticity', () => {
  const completion = () =>
    cloudMessages([nfmReply({ response: { flow_token: issueToken('survey'), a: '1' } })]);

  it("when Meta's signature is right, then 200 and the completion is recorded", async () => {
    const { app, records } = setup();
    expect((await deliver(app, completion(), 'meta')).status).toBe(200);
    expect(await records.completions()).toHaveLength(1);
  });

  it("when 360dialog's secret header is right, then 200", async () => {
    const { app, records } = setup();
    expect((await deliver(app, completion(), '360dialog')).status).toBe(200);
    expect(await records.completions()).toHaveLength(1);
  });

  it.each([
    ['a wrong signature', { signature: `sha256=${'0'.repeat(64)}` }],
    ['a malformed signature', { signature: 'md5=abc' }],
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['nothing', {}],
  ])('when it carries %s, then 401 and nothing is recorded', async (_case, auth) => {
    const { app, records } = setup();
    const res = await deliver(app, completion(), auth);
    expect(res.status).toBe(401);
    expect(await records.completions()).toHaveLength(0);
  });

  it('when the body was changed after signing, then 401', async () => {
    const { app } = setup();
    const body = JSON.stringify(completion());
    const res = await deliver(app, `${body} `, { signature: signBody(body, APP_SECRET) });
    expect(res.status).toBe(401);
  });

  it('when the app secret is being rotated, then deliveries signed with either secret are accepted', async () => {
    const { app } = setup({ appSecrets: ['new-app-secret', APP_SECRET] });
    expect((await deliver(app, completion(), 'meta')).status).toBe(200);
    const body = JSON.stringify(completion());
    expect((await deliver(app, body, { signature: signBody(body, 'new-app-secret') })).status).toBe(
      200,
    );
    expect((await deliver(app, body, { signature: signBody(body, 'retired-secret') })).status).toBe(
      401,
    );
  });

  it('when only WEBHOOK_SECRET is set, then a Meta signature alone is not enough', async () => {
    const { app } = setup({ appSecrets: [] });
    expect((await deliver(app, completion(), 'meta')).status).toBe(401);
    expect((await deliver(app, completion(), '360dialog')).status).toBe(200);
  });

  it('when neither secret is set in production, then every delivery is refused', async () => {
    const { app, records } = setup({
      appSecrets: [],
      production: true,
      webhooks: { webhookSecrets: [] },
    });
    const res = await deliver(app, completion(), 'none');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/APP_SECRET or WEBHOOK_SECRET/);
    expect(await records.completions()).toHaveLength(0);
  });

  it('when neither secret is set in development, then deliveries are accepted', async () => {
    const { app } = setup({ appSecrets: [], webhooks: { webhookSecrets: [] } });
    expect((await deliver(app, completion(), 'none')).status).toBe(200);
  });
});

describe('what a delivery may hold', () => {
  it('when the body is not JSON, then 400', async () => {
    const { app } = setup();
    expect((await deliver(app, '{"object":')).status).toBe(400);
  });

  it('when the body is over the limit, then 413 and nothing is recorded', async () => {
    const { app, records } = setup({ webhooks: { maxBodyBytes: 2048 } });
    const big = cloudMessages([
      nfmReply({ response: { flow_token: issueToken('survey'), pad: 'x'.repeat(4096) } }),
    ]);
    expect((await deliver(app, big)).status).toBe(413);
    expect(await records.completions()).toHaveLength(0);
  });

  it('when it holds status updates and text messages only, then 200, counted and not stored', async () => {
    const setStore = createMemoryStore();
    const writes: string[] = [];
    const store: Store = {
      ...setStore,
      set: (key, ...rest) => (writes.push(key), setStore.set(key, ...rest)),
      setIfAbsent: (key, ...rest) => (writes.push(key), setStore.setIfAbsent(key, ...rest)),
      addToSet: (key, member) => (writes.push(key), setStore.addToSet(key, member)),
    };
    const { app } = setup({ store });
    const res = await deliver(
      app,
      cloudMessages(
        [textMessage(), textMessage()],
        [statusUpdate(), statusUpdate(), statusUpdate()],
      ),
    );
    expect(res.status).toBe(200);
    expect(writes).toEqual([]);
    expect(await metricValue(app, 'flows_webhook_items_total', { kind: 'status' })).toBe(3);
    expect(await metricValue(app, 'flows_webhook_items_total', { kind: 'message' })).toBe(2);
  });

  it.each([
    [
      'another field',
      {
        object: 'whatsapp_business_account',
        entry: [{ id: '1', changes: [{ field: 'account_update', value: {} }] }],
      },
    ],
    ['an empty object', {}],
    ['an array', []],
    ['a JSON string', '"hello"'],
    ['entry of the wrong type', { entry: 'x' }],
  ])('when it holds %s, then 200 and it is ignored', async (_case, body) => {
    const { app } = setup();
    expect((await deliver(app, body)).status).toBe(200);
  });

  it('when the completion comes in the top-level messages form of the 360dialog guide, then it is recorded', async () => {
    const { app, records, seen } = setup();
    const reply = nfmReply({
      response: { flow_token: issueToken('survey', 'order-7'), score: '5' },
    });
    expect((await deliver(app, { messages: [reply] }, '360dialog')).status).toBe(200);
    const [recorded] = await records.completions();
    expect(recorded).toMatchObject({
      id: reply.id,
      flow: 'survey',
      subject: 'order-7',
      matchedBy: 'flow_token',
      params: { score: '5' },
    });
    await waitFor(() => seen.length === 1);
  });
});

describe('completions', () => {
  it('when a reply carries its flow token, then onComplete gets the params, subject and message id', async () => {
    const { app, seen } = setup();
    const reply = nfmReply({
      response: { flow_token: issueToken('survey', 'customer-42'), answer: 'yes' },
    });
    expect((await deliver(app, cloudMessages([reply]))).status).toBe(200);
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({
      flow: 'survey',
      messageId: reply.id,
      subject: 'customer-42',
      params: { answer: 'yes' },
      matchedBy: 'flow_token',
      from: '+4915112345678',
    });
    expect(seen[0]?.params).not.toHaveProperty('flow_token');
  });

  it('when a token has expired by the time the reply arrives, then it still names its flow', async () => {
    const { app, records } = setup();
    const token = issueToken('survey', 'late', 1);
    await waitFor(
      () =>
        Date.now() >
        Number(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).e) * 1000,
      5000,
    );
    await deliver(app, cloudMessages([nfmReply({ response: { flow_token: token } })]));
    expect((await records.completions())[0]?.flow).toBe('survey');
  });

  it('when an (iOS) reply has no flow_token, then the sent message named by context.id gives the flow', async () => {
    const { app, store, seen, records } = setup();
    const sentToken = issueToken('survey', 'customer-9');
    await recordSentMessage(
      store,
      'wamid.SENT1',
      {
        flow: 'survey',
        tokenKey: tokenKey(sentToken),
        subject: 'customer-9',
        sentAt: new Date().toISOString(),
      },
      3600,
    );
    await deliver(
      app,
      cloudMessages([nfmReply({ contextId: 'wamid.SENT1', response: { answer: 'no' } })]),
    );
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toMatchObject({
      flow: 'survey',
      subject: 'customer-9',
      matchedBy: 'context',
      params: { answer: 'no' },
    });
    expect((await records.completions())[0]?.matchedBy).toBe('context');
  });

  it('when the reply has no flow_token and no sent message is known, then it is kept unmatched and logged without personal data', async () => {
    const { app, records, seen, logs } = setup();
    const reply = nfmReply({
      contextId: 'wamid.UNKNOWN',
      from: '4917000000001',
      response: { secret_answer: 'my-dog-name' },
    });
    expect((await deliver(app, cloudMessages([reply]))).status).toBe(200);
    const [recorded] = await records.completions();
    expect(recorded).toMatchObject({
      id: reply.id,
      matchedBy: 'none',
      reason: 'no flow token and no sent message',
    });
    expect(recorded?.flow).toBeUndefined();
    expect(recorded?.params).toEqual({ secret_answer: 'my-dog-name' });
    await waitFor(() => logs.text().includes('completion kept unmatched'));
    expect(logs.text()).not.toContain('4917000000001');
    expect(logs.text()).not.toContain('my-dog-name');
    expect(seen).toHaveLength(0);
    expect(await metricValue(app, 'flows_webhook_completions_total', { flow: 'unmatched' })).toBe(
      1,
    );
  });

  it.each([
    ['a forged token', { flow_token: 'eyJmIjoic3VydmV5In0.' + 'A'.repeat(43) }],
    ['a token of an unknown flow', { flow_token: issueToken('other-flow') }],
    ["WhatsApp's default token", { flow_token: 'unused' }],
  ])('when the reply carries %s, then it is kept unmatched', async (_case, response) => {
    const { app, records } = setup();
    expect((await deliver(app, cloudMessages([nfmReply({ response })]))).status).toBe(200);
    expect((await records.completions())[0]?.matchedBy).toBe('none');
  });

  it('when response_json is not JSON, then the completion is kept unmatched with the reason', async () => {
    const { app, records } = setup();
    const reply = nfmReply({ response: {} });
    reply.interactive.nfm_reply.response_json = '{not json';
    expect((await deliver(app, cloudMessages([reply]))).status).toBe(200);
    expect((await records.completions())[0]).toMatchObject({
      matchedBy: 'none',
      reason: 'response_json is not a JSON object',
    });
  });

  it('when the same completion is delivered five times, then it is recorded and handled once', async () => {
    const { app, records, seen } = setup();
    const body = cloudMessages([
      nfmReply({ response: { flow_token: issueToken('survey'), n: '1' } }),
    ]);
    for (let i = 0; i < 5; i++) expect((await deliver(app, body)).status).toBe(200);
    await waitFor(() => seen.length >= 1);
    expect(await records.completions()).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(await metricValue(app, 'flows_webhook_deliveries_total', { result: 'duplicate' })).toBe(
      4,
    );
  });

  it('when the store is down, then 503, and the redelivery once it is back is recorded', async () => {
    const memory = createMemoryStore();
    let down = true;
    const guard =
      <A extends unknown[], R>(op: (...args: A) => Promise<R>) =>
      (...args: A) =>
        down ? Promise.reject(new StoreUnavailableError('store down')) : op(...args);
    const store: Store = {
      ...memory,
      get: guard(memory.get),
      set: guard(memory.set),
      setIfAbsent: guard(memory.setIfAbsent),
      addToSet: guard(memory.addToSet),
      setMembers: guard(memory.setMembers),
      writeDurably: guard(memory.writeDurably),
    };
    const { app, records, seen } = setup({ store });
    const body = cloudMessages([
      nfmReply({ response: { flow_token: issueToken('survey'), x: '1' } }),
    ]);
    expect((await deliver(app, body)).status).toBe(503);
    down = false;
    expect(await records.completions()).toHaveLength(0);
    expect((await deliver(app, body)).status).toBe(200);
    expect(await records.completions()).toHaveLength(1);
    await waitFor(() => seen.length === 1);
  });

  it('when onComplete throws, then the completion stays recorded and the hook is retried until it succeeds', async () => {
    let calls = 0;
    const { app, records, seen, logs } = setup({
      onComplete: () => {
        calls += 1;
        if (calls < 3) throw new Error('CRM down');
      },
    });
    await deliver(
      app,
      cloudMessages([nfmReply({ response: { flow_token: issueToken('survey') } })]),
    );
    await waitFor(() => seen.length === 1);
    expect(calls).toBe(3);
    expect(await records.completions()).toHaveLength(1);
    expect(logs.text()).toContain('onComplete failed; retrying');
    expect(
      await metricValue(app, 'flows_webhook_hook_failures_total', { hook: 'onComplete' }),
    ).toBe(2);
  });

  it('when onComplete keeps throwing, then the record waits, unprocessed, for the next start', async () => {
    const { app, store, records, logs } = setup({
      onComplete: () => {
        throw new Error('always');
      },
    });
    await deliver(
      app,
      cloudMessages([nfmReply({ response: { flow_token: issueToken('survey') } })]),
    );
    await waitFor(() => logs.text().includes('keeps failing'));
    const [recorded] = await records.completions();
    expect(recorded).toBeDefined();
    expect(await records.isDone({ kind: 'completion', record: recorded! })).toBe(false);

    // The next process, with a hook that works, picks it up at start.
    const next = setup({ store, webhooks: { redriveAtStart: true } });
    await waitFor(() => next.seen.length === 1);
    await waitFor(() => records.isDone({ kind: 'completion', record: recorded! }));
  });
});

describe('a flow with no endpoint handlers', () => {
  it('when the feedback flow completes, then onComplete keeps the ratings once per reply', async () => {
    const { app, store } = setup();
    const reply = nfmReply({
      response: {
        flow_token: issueToken('feedback'),
        purchase_rating: '5',
        delivery_rating: '4',
        service_rating: '5',
        recommend: '0_yes',
        comment: 'quick',
      },
    });
    await deliver(app, cloudMessages([reply]));
    await deliver(app, cloudMessages([reply]));
    await waitFor(async () => (await ratingCounts(store, 'purchase_rating'))['5'] === 1);
    expect(await ratingCounts(store, 'delivery_rating')).toMatchObject({ '4': 1, '5': 0 });
  });

  it('when the params do not match flow.json, then the completion is recorded but onComplete is not called', async () => {
    const { app, store, records, logs } = setup();
    await deliver(
      app,
      cloudMessages([
        nfmReply({ response: { flow_token: issueToken('feedback'), purchase_rating: 5 } }),
      ]),
    );
    await waitFor(() => logs.text().includes('do not match flow.json'));
    expect((await records.completions())[0]?.flow).toBe('feedback');
    expect(await store.setMembers('feedback:purchase_rating:5')).toEqual([]);
  });
});

describe('several items in one delivery', () => {
  it('when a delivery mixes completions, statuses and a duplicate id, then each completion is recorded once', async () => {
    const { app, records } = setup();
    const id = messageId();
    const token = issueToken('survey');
    const body = cloudMessages(
      [
        nfmReply({ id, response: { flow_token: token } }),
        nfmReply({ id, response: { flow_token: token } }),
        nfmReply({ response: { flow_token: token } }),
        textMessage(),
      ],
      [statusUpdate()],
    );
    expect((await deliver(app, body)).status).toBe(200);
    expect(await records.completions()).toHaveLength(2);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { scopeStore, tenantPrefix } from '../../src/store/scope-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { unassignedRecords } from '../../src/webhooks/delivery-lane';
import type { FlowEventContext } from '../../src/webhooks/webhook-processor';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { listen, type Listening } from '../helpers/listen';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { slowSender } from '../helpers/slow-sender';
import { createTestApp, issueToken } from '../helpers/test-app';
import {
  accountEntry,
  cloudMessages,
  deliver,
  flowsChange,
  messageId,
  nfmReply,
  waitFor,
  WABA_ID,
  WEBHOOK_SECRET,
} from '../helpers/webhook-deliveries';

/** The default tenant's own account, as WABA_ID and PHONE_NUMBER_ID name it. */
const DEFAULT = { wabaId: WABA_ID, phoneNumberId: '106540352242922' };
const ACME = { wabaId: '200000000000001', phoneNumberId: '300000000000001' };
const BOLT = { wabaId: '200000000000002', phoneNumberId: '300000000000002' };
const ACME_SECRET = 'acme-webhook-secret-0123456789';

const oneKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/**
 * The partner deployment's app, on `store` when given (another replica, or the next process), with
 * `onFlowEvent` in front of the recording hook and the redrive at start when asked.
 */
async function setup(
  options: {
    store?: Store;
    onFlowEvent?: (ctx: FlowEventContext) => void;
    redriveAtStart?: boolean;
  } = {},
) {
  const { store } = options;
  const tenants = createMemoryTenantDirectory({ keyFor: () => oneKey });
  await tenants.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    wabaId: ACME.wabaId,
    phoneNumberIds: [ACME.phoneNumberId],
    flows: ['survey'],
    settings: {},
    requestSignatures: 'on',
    sharedKey: false,
    secrets: { d360ApiKey: 'acme-d360-key', webhookSecret: ACME_SECRET },
  });
  await tenants.put('bolt', {
    name: 'Bolt Bikes',
    provider: 'cloud',
    wabaId: BOLT.wabaId,
    phoneNumberIds: [BOLT.phoneNumberId],
    flows: ['survey'],
    settings: {},
    requestSignatures: 'on',
    sharedKey: false,
    secrets: { accessToken: 'bolt-access-token' },
  });
  await tenants.put('mute', {
    name: 'No Channel Secret',
    provider: '360dialog',
    phoneNumberIds: [],
    flows: [],
    settings: {},
    requestSignatures: 'on',
    sharedKey: false,
    secrets: {},
  });
  const events: FlowEventContext[] = [];
  const testApp = createTestApp({
    flows: [defineFlow({ name: 'survey' })],
    tenants,
    store,
    webhooks: {
      webhookSecrets: [WEBHOOK_SECRET],
      retryDelaysMs: [0],
      defaultAccount: { wabaIds: [DEFAULT.wabaId], phoneNumberIds: [DEFAULT.phoneNumberId] },
      redriveAtStart: options.redriveAtStart ?? false,
      onFlowEvent: (ctx) => {
        options.onFlowEvent?.(ctx);
        events.push(ctx);
      },
    },
  });
  const appStore = testApp.store;
  const recordsOf = (tenant: string) =>
    createWebhookRecords(scopeStore(appStore, tenantPrefix(tenant)));
  return {
    ...testApp,
    events,
    acme: recordsOf('acme'),
    bolt: recordsOf('bolt'),
    defaults: createWebhookRecords(appStore),
    unassigned: unassignedRecords(appStore),
  };
}

/** A Flow reply carrying a real flow token of `survey`, signed for `tenant` (default's without). */
const reply = (id = messageId(), tenant?: string) =>
  nfmReply({
    id,
    response: { flow_token: issueToken('survey', undefined, undefined, tenant), rating: '5' },
  });
const envelope = (...entry: unknown[]) => ({ object: 'whatsapp_business_account', entry });
/** Meta's Flow webhook (field flows) for one WABA. */
const alertEntry = (wabaId: string, value: Record<string, unknown>) =>
  flowsChange(value).entry.map((entry) => ({ ...entry, id: wabaId }))[0];
const ids = async (records: { completions(): Promise<{ id: string }[]> }) =>
  (await records.completions()).map((record) => record.id);

describe('the shared webhook of a partner deployment', () => {
  it("when a change names a tenant's WABA, then its completion is recorded under that tenant only", async () => {
    const { app, acme, bolt, defaults, unassigned } = await setup();
    const message = reply(messageId(), 'acme');
    const body = envelope(accountEntry({ ...ACME, phoneNumberId: '399999999999999' }, [message]));
    expect((await deliver(app, body)).status).toBe(200);

    expect(await acme.completions()).toEqual([
      expect.objectContaining({ id: message.id, flow: 'survey', matchedBy: 'flow_token' }),
    ]);
    expect(await ids(bolt)).toEqual([]);
    expect(await ids(defaults)).toEqual([]);
    expect(await ids(unassigned)).toEqual([]);
  });

  it("when a reply carries tenant A's token on tenant B's lane, then it is recorded as B's but matches none of B's flows", async () => {
    const { app, acme, bolt } = await setup();
    const message = reply(messageId(), 'acme');
    expect((await deliver(app, envelope(accountEntry(BOLT, [message])))).status).toBe(200);

    expect(await bolt.completions()).toEqual([
      expect.objectContaining({
        id: message.id,
        matchedBy: 'none',
        reason: 'flow token issued for another tenant',
        params: { rating: '5' },
      }),
    ]);
    expect(await ids(acme)).toEqual([]);
  });

  it("when a default tenant's token arrives on a tenant's lane, then it matches none of its flows either", async () => {
    const { app, acme } = await setup();
    const message = reply();
    expect((await deliver(app, envelope(accountEntry(ACME, [message])))).status).toBe(200);
    expect(await acme.completions()).toEqual([
      expect.objectContaining({
        matchedBy: 'none',
        reason: 'flow token issued for another tenant',
      }),
    ]);
  });

  it("when a tenant's change is acknowledged, then it was written durably under the tenant's keys first", async () => {
    const sqlite = createSqliteStore(':memory:');
    const durable: string[] = [];
    const store: Store = {
      ...sqlite,
      writeDurably: async (writes) => {
        const done = await sqlite.writeDurably(writes);
        durable.push(...writes.map((write) => write.key));
        return done;
      },
    };
    const { app } = await setup({ store });
    const message = reply();
    expect((await deliver(app, envelope(accountEntry(ACME, [message])))).status).toBe(200);
    expect(durable).toContain(`t/acme/webhook:completion:${message.id}`);
  });

  it("when a change names a tenant's phone number under another WABA id, then the number decides", async () => {
    const { app, bolt, acme } = await setup();
    const message = reply();
    const body = envelope(accountEntry({ ...BOLT, wabaId: '299999999999999' }, [message]));
    expect((await deliver(app, body)).status).toBe(200);
    expect(await ids(bolt)).toEqual([message.id]);
    expect(await ids(acme)).toEqual([]);
  });

  it('when one delivery holds changes of two tenants, then each is recorded under its own', async () => {
    const { app, acme, bolt, defaults } = await setup();
    const [forAcme, forBolt, forDefault] = [reply(), reply(), reply()];
    const body = envelope(
      accountEntry(ACME, [forAcme]),
      accountEntry(BOLT, [forBolt]),
      accountEntry(DEFAULT, [forDefault]),
    );
    expect((await deliver(app, body)).status).toBe(200);
    expect(await ids(acme)).toEqual([forAcme.id]);
    expect(await ids(bolt)).toEqual([forBolt.id]);
    expect(await ids(defaults)).toEqual([forDefault.id]);
  });

  it('when a change names no known account, then it is kept unassigned with the reason and answered 200', async () => {
    const { app, acme, bolt, defaults, unassigned, logs } = await setup();
    const message = reply();
    const body = envelope(
      accountEntry({ wabaId: '123', phoneNumberId: '456' }, [message]),
      alertEntry('123', { event: 'FLOW_STATUS_CHANGE', flow_id: '77', new_status: 'BLOCKED' }),
    );
    expect((await deliver(app, body)).status).toBe(200);

    expect(await unassigned.completions()).toEqual([
      expect.objectContaining({
        id: message.id,
        matchedBy: 'none',
        reason: 'unknown waba 123, phone number 456',
        params: { rating: '5' },
      }),
    ]);
    expect(await unassigned.events()).toEqual([
      expect.objectContaining({ flowId: '77', wabaId: '123', reason: 'unknown waba 123' }),
    ]);
    for (const records of [acme, bolt, defaults]) {
      expect(await records.completions()).toEqual([]);
      expect(await records.events()).toEqual([]);
    }
    expect(logs.text()).toContain('kept unassigned');
    // The flow token never reaches the store, whoever the change was for.
    expect(JSON.stringify(await unassigned.completions())).not.toContain('flow_token');
  });

  it("when a tenant's Flow alert arrives, then it is recorded under the tenant and the hook is told whose it is", async () => {
    const { app, acme, defaults, events } = await setup();
    const body = envelope(
      alertEntry(ACME.wabaId, {
        event: 'FLOW_STATUS_CHANGE',
        flow_id: '88',
        new_status: 'THROTTLED',
      }),
    );
    expect((await deliver(app, body)).status).toBe(200);

    expect(await acme.events()).toEqual([expect.objectContaining({ flowId: '88' })]);
    expect(await defaults.events()).toEqual([]);
    await waitFor(() => events.length === 1);
    expect(events[0]).toMatchObject({ tenant: 'acme', event: { flowId: '88' } });
  });

  it("when tenants' Flow alerts arrive, then every replica's alert gauges show each under its tenant, scrape after scrape", async () => {
    const store = createSqliteStore(':memory:');
    const { app } = await setup({ store });
    const alert = (wabaId: string, flowId: string, status: string) =>
      alertEntry(wabaId, { event: 'FLOW_STATUS_CHANGE', flow_id: flowId, new_status: status });
    const body = envelope(
      alert(ACME.wabaId, '88', 'THROTTLED'),
      alert(BOLT.wabaId, '99', 'BLOCKED'),
      alert(DEFAULT.wabaId, '77', 'PUBLISHED'),
    );
    expect((await deliver(app, body)).status).toBe(200);

    const expected = [
      'flows_meta_flow_status{tenant="acme",flow="88",status="THROTTLED"} 1',
      'flows_meta_flow_status{tenant="bolt",flow="99",status="BLOCKED"} 1',
      'flows_meta_flow_status{tenant="default",flow="77",status="PUBLISHED"} 1',
    ];
    const scrape = async (of: typeof app) => (await request(of).get('/metrics').expect(200)).text;
    // The replica that received them, twice (each scrape reads the store afresh), and another one
    // on the same store that received nothing.
    const other = await setup({ store });
    for (const text of [await scrape(app), await scrape(app), await scrape(other.app)]) {
      for (const line of expected) expect(text).toContain(line);
      expect(text).not.toContain('tenant="default",flow="88"');
    }
  });

  it("when a tenant's hooks did not run before the process stopped, then the next process runs them at start, as that tenant's", async () => {
    const store = createSqliteStore(':memory:');
    const failing = await setup({
      store,
      onFlowEvent: () => {
        throw new Error('hook down');
      },
    });
    const body = envelope(
      alertEntry(ACME.wabaId, {
        event: 'FLOW_STATUS_CHANGE',
        flow_id: '88',
        new_status: 'BLOCKED',
      }),
    );
    expect((await deliver(failing.app, body)).status).toBe(200);
    const [recorded] = await failing.acme.events();
    if (!recorded) throw new Error('the alert was not recorded');
    // The first try and its one retry failed: the record stays not done.
    await waitFor(() => failing.logs.text().includes('keeps failing'));
    expect(await failing.acme.isDone({ kind: 'event', record: recorded })).toBe(false);

    const next = await setup({ store, redriveAtStart: true });
    await waitFor(() => next.events.length === 1);
    expect(next.events[0]).toMatchObject({ tenant: 'acme', event: { flowId: '88' } });
    await waitFor(() => next.acme.isDone({ kind: 'event', record: recorded }));
  });

  it("when a change names the default tenant's own account, or none (360dialog's form), then it is kept as today", async () => {
    const { app, defaults, unassigned } = await setup();
    const [first, second] = [reply(), reply()];
    expect((await deliver(app, cloudMessages([first]))).status).toBe(200);
    expect((await deliver(app, { messages: [second] }, '360dialog')).status).toBe(200);
    expect(await ids(defaults)).toEqual([first.id, second.id]);
    expect(await ids(unassigned)).toEqual([]);
  });
});

describe("a tenant's own webhook, /t/<tenant>/webhooks/whatsapp", () => {
  const post = (app: Parameters<typeof request>[0], tenant: string, secret?: string) => {
    const req = request(app)
      .post(`/t/${tenant}/webhooks/whatsapp`)
      .set('Content-Type', 'application/json');
    if (secret !== undefined) req.set('X-Webhook-Secret', secret);
    return req;
  };

  it("when 360dialog relays with the tenant's secret, then every change is that tenant's", async () => {
    const { app, acme, defaults } = await setup();
    const [topLevel, inEntry] = [reply(), reply()];
    expect((await post(app, 'acme', ACME_SECRET).send({ messages: [topLevel] })).status).toBe(200);
    // Whatever account an entry names: the channel is the tenant's.
    const body = envelope(accountEntry(BOLT, [inEntry]));
    expect((await post(app, 'acme', ACME_SECRET).send(body)).status).toBe(200);
    expect(await ids(acme)).toEqual([topLevel.id, inEntry.id]);
    expect(await ids(defaults)).toEqual([]);
  });

  it.each([
    ['a wrong secret', 'not-the-acme-secret'],
    ["the deployment's WEBHOOK_SECRET", WEBHOOK_SECRET],
    ['no secret', undefined],
  ])('when it comes with %s, then 401 and nothing is recorded', async (_case, secret) => {
    const { app, acme } = await setup();
    const res = await post(app, 'acme', secret).send({ messages: [reply()] });
    expect(res.status).toBe(401);
    expect(await ids(acme)).toEqual([]);
  });

  it('when the tenant has no webhookSecret, then its URL takes no delivery', async () => {
    const { app } = await setup();
    const res = await post(app, 'mute', 'anything-at-all').send({ messages: [reply()] });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/no webhookSecret/);
  });

  it.each([
    ['an unknown tenant', 'nobody'],
    ['a malformed id', 'Not_An_Id'],
  ])('when it names %s, then 404', async (_case, tenant) => {
    const { app } = await setup();
    expect((await post(app, tenant, ACME_SECRET).send({ messages: [reply()] })).status).toBe(404);
  });

  describe('before any byte of the body is read', () => {
    let server: Listening;
    let port: number;
    beforeEach(async () => {
      server = await listen((await setup()).app);
      port = Number(new URL(server.base).port);
    });
    afterEach(() => server.close());

    it.each([
      ['a wrong secret', '/t/acme/webhooks/whatsapp', { 'x-webhook-secret': 'wrong' }, 401],
      ['no secret', '/t/acme/webhooks/whatsapp', {}, 401],
      [
        'an unknown tenant',
        '/t/nobody/webhooks/whatsapp',
        { 'x-webhook-secret': ACME_SECRET },
        404,
      ],
    ])('when it carries %s, then it is answered', async (_case, path, headers, status) => {
      const sender = slowSender(port, path, 3 * 1024 * 1024, headers);
      expect(await sender.answer).toMatchObject({ status, headers: { connection: 'close' } });
      await sender.closed;
    });
  });
});

describe('a deployment without tenants', () => {
  it('when a change names some other WABA, then it is the default tenant’s, as it always was', async () => {
    const testApp = createTestApp({ flows: [defineFlow({ name: 'survey' })] });
    const message = reply();
    const body = envelope(accountEntry({ wabaId: '123', phoneNumberId: '456' }, [message]));
    expect((await deliver(testApp.app, body)).status).toBe(200);
    expect(await ids(createWebhookRecords(testApp.store))).toEqual([message.id]);
    expect((await request(testApp.app).post('/t/acme/webhooks/whatsapp').send({})).status).toBe(
      404,
    );
  });
});

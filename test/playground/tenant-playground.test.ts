import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp, type App } from '../../src/app/create-app';
import { scopeStore, tenantPrefix } from '../../src/store/scope-store';
import { createMemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/store';
import { verifyFlowToken } from '../../src/tokens/verify-flow-token';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { captureLogs } from '../helpers/log-capture';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';
import { greeterFlow } from '../helpers/greeter-flow';

const noAssets = mkdtempSync(path.join(tmpdir(), 'playground-empty-'));
const keys = new Map<string, KeyObject>();

beforeAll(() => {
  for (const id of ['acme', 'globex', 'initech']) {
    keys.set(id, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  }
});

const base = {
  flows: ['greeter'],
  requestSignatures: 'on' as const,
  sharedKey: false,
};

/**
 * Three tenants of the greeter with their own greetings: acme on 360dialog (its channel's webhook
 * secret), globex on the Cloud API (its phone number on the shared webhook), initech with neither.
 */
async function setUp(): Promise<{ app: App; store: Store }> {
  const tenants = createMemoryTenantDirectory({ keyFor: (id) => keys.get(id) as KeyObject });
  await tenants.put('acme', {
    ...base,
    name: 'Acme Dental',
    provider: '360dialog',
    phoneNumberIds: [],
    settings: { greeter: { greeting: 'Welcome' } },
    secrets: { appSecrets: ['acme-app-secret'], webhookSecret: 'acme-webhook-secret' },
  });
  await tenants.put('globex', {
    ...base,
    name: 'Globex',
    provider: 'cloud',
    wabaId: '102290129340398',
    phoneNumberIds: ['106540352242922'],
    settings: { greeter: { greeting: 'Howdy' } },
    secrets: {},
  });
  await tenants.put('initech', {
    ...base,
    name: 'Initech',
    provider: 'cloud',
    phoneNumberIds: [],
    settings: {},
    secrets: {},
  });
  const store = createMemoryStore();
  const { logger } = captureLogs();
  const app = createApp({
    flows: [greeterFlow],
    keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
    logger,
    store,
    tokens: { secret: TOKEN_SECRET, production: false },
    playground: { assetsDir: noAssets },
    webhooks: {},
    tenants,
  });
  return { app, store };
}

/** Opens the greeter as `tenant` in the playground and sends INIT, as the page does. */
async function openAs(app: App, tenant: string | undefined) {
  const as = tenant === undefined ? {} : { tenant };
  const session = await request(app)
    .post('/playground/api/flows/greeter/session')
    .set('x-playground', '1')
    .send(as)
    .expect(200);
  const { flowToken, messageId } = session.body as { flowToken: string; messageId: string };
  const init = await request(app)
    .post('/playground/api/flows/greeter/exchange')
    .set('x-playground', '1')
    .send({ ...as, flowToken, action: 'INIT' })
    .expect(200);
  return { flowToken, messageId, init: init.body as { status: number; answer: unknown } };
}

async function complete(
  app: App,
  tenant: string | undefined,
  flowToken: string,
  messageId: string,
) {
  const res = await request(app)
    .post('/playground/api/flows/greeter/completion')
    .set('x-playground', '1')
    .send({
      ...(tenant !== undefined && { tenant }),
      messageId,
      response: { flow_token: flowToken, greeted_by: tenant ?? 'default' },
    })
    .expect(200);
  return res.body as { status: number; failure?: string; webhook: { entry: unknown[] } };
}

const completionsOf = (store: Store, tenant?: string) =>
  createWebhookRecords(tenant === undefined ? store : scopeStore(store, tenantPrefix(tenant)))
    .completions()
    .then((records) =>
      records.map(({ flow, matchedBy, playground }) => ({ flow, matchedBy, playground })),
    );

describe('the playground as a picked tenant', () => {
  it('when a tenant is picked, then its session carries its flow token and its handler answers with its settings', async () => {
    const { app } = await setUp();
    const acme = await openAs(app, 'acme');
    expect(verifyFlowToken(acme.flowToken, 'greeter', TOKEN_SECRET, new Date())).toMatchObject({
      valid: true,
      tenant: 'acme',
    });
    expect(acme.init).toMatchObject({
      status: 200,
      answer: { screen: 'START', data: { greeting: 'Welcome from Acme Dental' } },
    });

    const globex = await openAs(app, 'globex');
    expect(globex.init).toMatchObject({
      status: 200,
      answer: { screen: 'START', data: { greeting: 'Howdy from Globex' } },
    });

    const byDefault = await openAs(app, undefined);
    expect(verifyFlowToken(byDefault.flowToken, 'greeter', TOKEN_SECRET, new Date())).toMatchObject(
      { valid: true, tenant: undefined },
    );
    expect(byDefault.init).toMatchObject({
      status: 200,
      answer: { screen: 'START', data: { greeting: 'Hello from default' } },
    });
  });

  it("when one tenant's token is sent as another tenant, then that tenant's URL refuses it with 427", async () => {
    const { app } = await setUp();
    const { flowToken } = await openAs(app, 'acme');
    const res = await request(app)
      .post('/playground/api/flows/greeter/exchange')
      .set('x-playground', '1')
      .send({ tenant: 'globex', flowToken, action: 'INIT' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 427 });
  });

  it("when a 360dialog tenant's flow completes, then the completion is recorded under that tenant only", async () => {
    const { app, store } = await setUp();
    const { flowToken, messageId } = await openAs(app, 'acme');
    const delivered = await complete(app, 'acme', flowToken, messageId);
    expect(delivered).toMatchObject({ status: 200 });
    expect(delivered.failure).toBeUndefined();
    expect(await completionsOf(store, 'acme')).toEqual([
      { flow: 'greeter', matchedBy: 'flow_token', playground: true },
    ]);
    expect(await completionsOf(store)).toEqual([]);
    expect(await completionsOf(store, 'globex')).toEqual([]);
  });

  it("when a Cloud API tenant's flow completes, then it arrives on the shared webhook naming its account and is recorded under it", async () => {
    const { app, store } = await setUp();
    const { flowToken, messageId } = await openAs(app, 'globex');
    const delivered = await complete(app, 'globex', flowToken, messageId);
    expect(delivered).toMatchObject({
      status: 200,
      webhook: {
        entry: [
          {
            id: '102290129340398',
            changes: [{ value: { metadata: { phone_number_id: '106540352242922' } } }],
          },
        ],
      },
    });
    expect(await completionsOf(store, 'globex')).toEqual([
      { flow: 'greeter', matchedBy: 'flow_token', playground: true },
    ]);
    expect(await completionsOf(store)).toEqual([]);
  });

  it('when the default business is picked in partner mode, then its completion is the default one, not unassigned', async () => {
    const { app, store } = await setUp();
    const { flowToken, messageId } = await openAs(app, undefined);
    expect(await complete(app, undefined, flowToken, messageId)).toMatchObject({ status: 200 });
    expect(await completionsOf(store)).toEqual([
      { flow: 'greeter', matchedBy: 'flow_token', playground: true },
    ]);
  });

  it('when a tenant has no route a webhook could reach it by, then the completion says so and records nothing', async () => {
    const { app, store } = await setUp();
    const { flowToken, messageId } = await openAs(app, 'initech');
    const delivered = await complete(app, 'initech', flowToken, messageId);
    expect(delivered).toMatchObject({
      status: 0,
      failure:
        'tenant initech has no webhookSecret, phone number id or WABA id: no webhook route reaches it',
    });
    expect(await completionsOf(store, 'initech')).toEqual([]);
  });

  it('when a session or completion names a tenant that does not use the flow, then it is a 404', async () => {
    const { app } = await setUp();
    await request(app)
      .post('/playground/api/flows/greeter/session')
      .set('x-playground', '1')
      .send({ tenant: 'nobody' })
      .expect(404);
    await request(app)
      .post('/playground/api/flows/greeter/completion')
      .set('x-playground', '1')
      .send({ tenant: 'nobody', messageId: 'wamid.x', response: {} })
      .expect(404);
  });
});

import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createRedisStore } from '../../src/store/redis-store';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { createTenantDirectory } from '../../src/tenants/create-tenant-directory';
import { createSecretsKeyring } from '../../src/tenants/secrets-keyring';
import { createTestEndpoint, TEST_TOKEN_SECRET } from '../../src/testing/create-test-endpoint';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { greeterFlow } from '../helpers/greeter-flow';
import { captureLogs } from '../helpers/log-capture';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { businessPrivateKey } from '../helpers/test-keys';
import { createWhatsAppClient } from '../helpers/whatsapp-client';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456789';
const AUTH = `Bearer ${ADMIN_TOKEN}`;
const ACME_SECRET = 'acme-meta-app-secret';
/** What the issue asks of every replica: a change made on one is served by all within 5 s. */
const WITHIN_MS = 5000;

const acme = (greeting: string) => ({
  name: 'Acme Dental',
  provider: '360dialog',
  flows: ['greeter'],
  settings: { greeter: { greeting } },
  secrets: { appSecrets: [ACME_SECRET] },
});

/** Polls `condition` until it holds; fails when it still does not after 5 s. */
async function within5s(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WITHIN_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** TENANT_SECRETS_KEY, the same on every replica. */
const SHARED_MASTER_KEY = randomBytes(32);

/** One replica, as the server makes it (the directory's default refresh): the app on its own connection to the shared store, with its own directory. */
function replica(store: Store) {
  const keyring = createSecretsKeyring(SHARED_MASTER_KEY);
  const tenants = createTenantDirectory({
    store,
    keyring,
    sharedKeys: () => [],
    logger: pino({ level: 'silent' }),
  });
  const { app } = createTestEndpoint({
    flows: greeterFlow,
    store,
    privateKeys: [businessPrivateKey],
    app: { tenants, adminToken: ADMIN_TOKEN, logger: captureLogs().logger },
  });
  return { app, tenants, store };
}

/** INIT of the greeter as acme's WhatsApp sends it to `app`: the status, and the greeting shown. */
async function greetAt(app: ReturnType<typeof replica>['app'], pem: string) {
  const client = createWhatsAppClient({
    app,
    flow: 'greeter',
    path: '/t/acme/flows/greeter',
    appSecret: ACME_SECRET,
    publicKey: createPublicKey(pem),
  });
  const flowToken = issueFlowToken({ flow: 'greeter', secret: TEST_TOKEN_SECRET, tenant: 'acme' });
  const reply = await client.send({ action: 'INIT', flow_token: flowToken, version: '3.0' });
  const json = reply.json as { data?: { greeting?: string } } | undefined;
  return { status: reply.status, greeting: json?.data?.greeting };
}

/** Through replica A's admin API only, and seen through replica B's flow route only. */
async function changesReachTheOtherReplica(stores: [Store, Store]): Promise<void> {
  const [a, b] = stores.map(replica) as [ReturnType<typeof replica>, ReturnType<typeof replica>];
  try {
    // B has answered for acme already (a 404, cached as "no such tenant"): that must not last.
    await request(b.app).get('/admin/tenants/acme').set('Authorization', AUTH).expect(404);

    const added = await request(a.app)
      .put('/admin/tenants/acme')
      .set('Authorization', AUTH)
      .send(acme('Welcome'))
      .expect(201);
    expect(added.body).toMatchObject({ id: 'acme' });
    const pem = (
      await request(a.app)
        .get('/admin/tenants/acme/public-key')
        .set('Authorization', AUTH)
        .expect(200)
    ).text;

    let seen: { status: number; greeting?: string | undefined } | undefined;
    await within5s('the added tenant served by B', async () => {
      seen = await greetAt(b.app, pem);
      return seen.status === 200;
    });
    expect(seen).toEqual({ status: 200, greeting: 'Welcome from Acme Dental' });

    await request(a.app)
      .put('/admin/tenants/acme')
      .set('Authorization', AUTH)
      .send(acme('Good morning'))
      .expect(200);
    await within5s("the tenant's new settings served by B", async () => {
      seen = await greetAt(b.app, pem);
      return seen.greeting === 'Good morning from Acme Dental';
    });
    expect(seen?.status).toBe(200);

    await request(a.app).delete('/admin/tenants/acme').set('Authorization', AUTH).expect(204);
    await within5s('the removed tenant refused by B', async () => {
      seen = await greetAt(b.app, pem);
      return seen.status === 404;
    });
    await request(b.app).get('/admin/tenants/acme').set('Authorization', AUTH).expect(404);
  } finally {
    a.tenants.close();
    b.tenants.close();
  }
}

describe('two replicas sharing one store', () => {
  describe('on Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it("when a tenant is added, changed and removed through A's admin API, then B serves, updates and refuses it within 5 s", async () => {
      const stores: [Store, Store] = [createRedisStore(redis.url), createRedisStore(redis.url)];
      try {
        await changesReachTheOtherReplica(stores);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });
  });

  describe('on one SQLite file', () => {
    it("when a tenant is added, changed and removed through A's admin API, then B serves, updates and refuses it within 5 s", async () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'replicas-')), 'store.db');
      const stores: [Store, Store] = [createSqliteStore(file), createSqliteStore(file)];
      try {
        await changesReachTheOtherReplica(stores);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });
  });
});

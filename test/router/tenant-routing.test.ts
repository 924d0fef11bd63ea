import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createMemoryStore } from '../../src/store/memory-store';
import { createTestEndpoint, TEST_TOKEN_SECRET } from '../../src/testing/create-test-endpoint';
import { createWhatsAppClient } from '../../src/testing/whatsapp-client';
import type { TenantDirectory } from '../../src/tenants/tenant-directory';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { captureLogs } from '../helpers/log-capture';
import { businessPrivateKey } from '../helpers/test-keys';

const ACME_SECRET = 'acme-app-secret';

/** A flow that greets with the tenant's settings and remembers a note per session and in its store. */
const greeter = defineFlow({
  name: 'greeter',
  tenantSettings: z.object({ greeting: z.string().default('Hello') }),
  tokens: { singleUse: false },
  async INIT(ctx) {
    const seen = (await ctx.session.get<string>('note')) ?? 'nothing';
    const kept = (await ctx.store.get('note')) ?? 'nothing';
    await ctx.session.set('note', `seen by ${ctx.tenant.id}`);
    await ctx.store.set('note', `kept by ${ctx.tenant.id}`);
    return ctx.next('HELLO', {
      text: `${String(ctx.tenant.settings.greeting)} from ${ctx.tenant.name}`,
      seen,
      kept,
    });
  },
});

async function setUp(directory: TenantDirectory = createMemoryTenantDirectory()) {
  const logs = captureLogs();
  const store = createMemoryStore();
  await directory.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    flows: ['greeter'],
    settings: { greeter: { greeting: 'Welcome' } },
    secrets: { appSecrets: [ACME_SECRET] },
  });
  await directory.put('beta', {
    name: 'Beta Bikes',
    provider: 'cloud',
    flows: ['greeter'],
  });
  const endpoint = createTestEndpoint({
    flows: greeter,
    store,
    privateKeys: [businessPrivateKey],
    app: { tenants: directory, logger: logs.logger },
  });
  const clientOf = async (tenant: string, appSecret = ACME_SECRET) => {
    const pem = await directory.publicKey(tenant);
    return createWhatsAppClient({
      app: endpoint.app,
      flow: 'greeter',
      path: `/t/${tenant}/flows/greeter`,
      appSecret,
      publicKey: createPublicKey(pem ?? ''),
    });
  };
  const tokenFor = (tenant?: string) =>
    issueFlowToken({ flow: 'greeter', secret: TEST_TOKEN_SECRET, tenant });
  const init = (token: string) => ({ action: 'INIT', flow_token: token, version: '3.0' });
  return { endpoint, directory, clientOf, tokenFor, init, store, logs };
}

describe('a tenant served at /t/<tenant>/flows/<name>', () => {
  it("when a tenant's request comes, then it is opened with its key and ctx.tenant carries its settings", async () => {
    const { clientOf, tokenFor, init } = await setUp();
    const reply = await (await clientOf('acme')).send(init(tokenFor('acme')));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      screen: 'HELLO',
      data: { text: 'Welcome from Acme Dental' },
    });
  });

  it("when the default tenant is asked, then ctx.tenant is 'default' with the schema's defaults", async () => {
    const { endpoint, tokenFor, init } = await setUp();
    const reply = await endpoint.send(init(tokenFor()));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ data: { text: 'Hello from default' } });
  });

  it('when a tenant has no app secret of its own, then the deployment’s signs its requests', async () => {
    const { clientOf, tokenFor, init } = await setUp();
    expect(
      (await (await clientOf('beta', 'test-app-secret')).send(init(tokenFor('beta')))).status,
    ).toBe(200);
    expect((await (await clientOf('beta', 'wrong')).send(init(tokenFor('beta')))).status).toBe(432);
  });

  it("when a request is signed with the deployment's secret but the tenant has its own, then it is 432", async () => {
    const { clientOf, tokenFor, init } = await setUp();
    const reply = await (await clientOf('acme', 'test-app-secret')).send(init(tokenFor('acme')));
    expect(reply.status).toBe(432);
  });

  it('when the tenant is unknown, removed, or does not use the flow, then it is 404 as an unknown flow', async () => {
    const { endpoint, directory, clientOf, tokenFor, init } = await setUp();
    const acme = await clientOf('acme');
    const asUnknown = createWhatsAppClient({
      app: endpoint.app,
      flow: 'greeter',
      path: '/t/nobody/flows/greeter',
      appSecret: ACME_SECRET,
      publicKey: createPublicKey(businessPrivateKey),
    });
    const unknown = await asUnknown.send(init(tokenFor('nobody')));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'not_found', message: 'no such flow' });

    await directory.put('acme', {
      name: 'Acme Dental',
      provider: '360dialog',
      flows: [],
    });
    const notUsed = await acme.send(init(tokenFor('acme')));
    expect(notUsed.status).toBe(404);
    expect(notUsed.json).toEqual({ error: 'not_found', message: 'no such flow' });

    await directory.remove('acme');
    expect((await acme.send(init(tokenFor('acme')))).status).toBe(404);
  });

  it('when the tenant directory does not answer, then it is a fast 503', async () => {
    const failing = createMemoryTenantDirectory();
    const { clientOf, tokenFor, init, directory } = await setUp(failing);
    const acme = await clientOf('acme');
    directory.credentials = () => Promise.reject(new Error('connection refused'));
    const reply = await acme.send(init(tokenFor('acme')));
    expect(reply.status).toBe(503);
    expect(reply.json).toMatchObject({ error: 'store_unavailable' });
  });

  it("when a tenant's settings fail the flow's schema, then it is 500 and the log names tenant, flow and path, never the value", async () => {
    const { directory, clientOf, tokenFor, init, logs } = await setUp();
    await directory.put('acme', {
      name: 'Acme Dental',
      provider: '360dialog',
      flows: ['greeter'],
      settings: { greeter: { greeting: 4242 } },
      secrets: { appSecrets: [ACME_SECRET] },
    });
    const reply = await (await clientOf('acme')).send(init(tokenFor('acme')));
    expect(reply.status).toBe(500);
    const line = logs.lines().find((l) => l.settingsPath !== undefined);
    expect(line).toMatchObject({ tenant: 'acme', flow: 'greeter', settingsPath: 'greeting' });
    expect(JSON.stringify(logs.lines())).not.toContain('4242');
  });
});

describe('flow tokens bound to their tenant', () => {
  it("when a token issued for one tenant comes to another tenant's URL, then it is 427", async () => {
    const { clientOf, tokenFor, init } = await setUp();
    const reply = await (await clientOf('beta', 'test-app-secret')).send(init(tokenFor('acme')));
    expect(reply.status).toBe(427);
  });

  it("when a tenant's token comes to the default tenant's URL, then it is 427", async () => {
    const { endpoint, tokenFor, init } = await setUp();
    expect((await endpoint.send(init(tokenFor('acme')))).status).toBe(427);
  });

  it("when a default tenant's token comes to a tenant's URL, then it is 427", async () => {
    const { clientOf, tokenFor, init } = await setUp();
    expect((await (await clientOf('acme')).send(init(tokenFor()))).status).toBe(427);
  });
});

describe("tenants' data kept apart", () => {
  it("when tenant B's handler runs, then it sees nothing of tenant A's session or records, with any token", async () => {
    const { endpoint, clientOf, tokenFor, init, store } = await setUp();
    const acme = await clientOf('acme');
    const beta = await clientOf('beta', 'test-app-secret');
    const acmeToken = tokenFor('acme');
    await acme.send(init(acmeToken));
    expect((await acme.send(init(acmeToken))).json).toMatchObject({
      data: { seen: 'seen by acme', kept: 'kept by acme' },
    });

    // A's token at B's URL: refused before B's handler runs.
    expect((await beta.send(init(acmeToken))).status).toBe(427);
    // B's own token: B's handler sees nothing of A's.
    const betaReply = await beta.send(init(tokenFor('beta')));
    expect(betaReply.json).toMatchObject({ data: { seen: 'nothing', kept: 'nothing' } });
    // Nor does the default tenant's.
    expect((await endpoint.send(init(tokenFor()))).json).toMatchObject({
      data: { seen: 'nothing', kept: 'nothing' },
    });
    expect(await store.get('t/acme/note')).toBe('kept by acme');
    expect(await store.get('note')).toBe('kept by default');
  });
});

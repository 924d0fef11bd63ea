import { createPublicKey } from 'node:crypto';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { loadConfig } from '../../src/config/load-config';
import { createTestEndpoint, TEST_TOKEN_SECRET } from '../../src/testing/create-test-endpoint';
import { createWhatsAppClient } from '../../src/testing/whatsapp-client';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { businessPrivateKey } from '../helpers/test-keys';

const hello = defineFlow({
  name: 'hello',
  tokens: { singleUse: false },
  INIT: (ctx) => ctx.next('HELLO', {}),
});
const token = (tenant?: string) =>
  issueFlowToken({ flow: 'hello', secret: TEST_TOKEN_SECRET, tenant });
const init = (flowToken: string) => ({ action: 'INIT', flow_token: flowToken, version: '3.0' });
const notification = (flowToken: string) => ({
  action: 'data_exchange',
  screen: 'HELLO',
  flow_token: flowToken,
  version: '3.0',
  data: { error: 'oops', error_message: 'broken' },
});

describe('REQUEST_SIGNATURES=off', () => {
  const production = {
    NODE_ENV: 'production',
    FLOW_TOKEN_SECRET: 'x'.repeat(32),
    METRICS_PUBLIC: 'true',
  };

  it('when production has no APP_SECRET but REQUEST_SIGNATURES=off, then the configuration loads', () => {
    expect(() => loadConfig(production)).toThrow(/APP_SECRET/);
    expect(loadConfig({ ...production, REQUEST_SIGNATURES: 'off' }).requestSignatures).toBe('off');
  });

  it('when signatures are off for the single business, then unsigned requests pass but need a valid token', async () => {
    const endpoint = createTestEndpoint({
      flows: hello,
      privateKeys: [businessPrivateKey],
      app: { appSecrets: [], production: true, requestSignatures: 'off' },
    });
    const unsigned = { 'X-Hub-Signature-256': undefined };
    expect((await endpoint.send({ action: 'ping', version: '3.0' }, unsigned)).status).toBe(200);
    expect((await endpoint.send(init(token()), unsigned)).status).toBe(200);
    expect((await endpoint.send(init('forged-token'), unsigned)).status).toBe(427);
    expect((await endpoint.send(notification('forged-token'), unsigned)).status).toBe(427);
    expect((await endpoint.send(notification(token()), unsigned)).status).toBe(200);
  });

  it("when a tenant says requestSignatures 'off', then its requests are not checked but need its valid token", async () => {
    const directory = createMemoryTenantDirectory();
    await directory.put('acme', {
      name: 'Acme',
      provider: '360dialog',
      flows: ['hello'],
      requestSignatures: 'off',
    });
    const endpoint = createTestEndpoint({
      flows: hello,
      privateKeys: [businessPrivateKey],
      app: { tenants: directory, production: true },
    });
    const client = createWhatsAppClient({
      app: endpoint.app,
      flow: 'hello',
      path: '/t/acme/flows/hello',
      appSecret: 'not-the-secret',
      publicKey: createPublicKey((await directory.publicKey('acme')) ?? ''),
    });
    expect((await client.send({ action: 'ping', version: '3.0' })).status).toBe(200);
    expect((await client.send(init(token('acme')))).status).toBe(200);
    expect((await client.send(init('forged-token'))).status).toBe(427);
    expect((await client.send(notification('forged-token'))).status).toBe(427);
    // The default tenant still checks signatures.
    expect(
      (await endpoint.send(init(token()), { 'X-Hub-Signature-256': 'sha256=00' })).status,
    ).toBe(432);
  });
});

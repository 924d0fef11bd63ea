import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import { createApp, type App } from '../../src/app/create-app';
import { decryptRequest } from '../../src/crypto/decrypt-request';
import { parseEnvelope } from '../../src/protocol/parse-envelope';
import { createMemoryStore } from '../../src/store/memory-store';
import type { TenantDirectory } from '../../src/tenants/tenant-directory';
import { listen } from '../helpers/listen';
import { captureLogs } from '../helpers/log-capture';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';

const noAssets = mkdtempSync(path.join(tmpdir(), 'playground-empty-'));
const ACME_APP_SECRET = 'acme-meta-app-secret';
let acmeKey: KeyObject;

beforeAll(() => {
  acmeKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
});

function appWith(tenants?: TenantDirectory): App {
  const store = createMemoryStore();
  const { logger } = captureLogs();
  return createApp({
    flows: [createBookAppointmentFlow({ store, logger })],
    keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
    logger,
    store,
    tokens: { secret: TOKEN_SECRET, production: false },
    playground: { assetsDir: noAssets },
    ...(tenants && { tenants }),
  });
}

async function twoTenants(): Promise<TenantDirectory> {
  const tenants = createMemoryTenantDirectory({ keyFor: () => acmeKey });
  await tenants.put('acme', {
    name: 'Acme Dental',
    provider: '360dialog',
    phoneNumberIds: [],
    flows: ['book-appointment'],
    settings: { 'book-appointment': { businessName: 'Acme Dental' } },
    requestSignatures: 'on',
    sharedKey: false,
    secrets: { appSecrets: [ACME_APP_SECRET] },
  });
  await tenants.put('globex', {
    name: 'Globex',
    provider: 'cloud',
    phoneNumberIds: [],
    flows: ['feedback'],
    settings: {},
    requestSignatures: 'on',
    sharedKey: false,
    secrets: {},
  });
  return tenants;
}

describe("the playground's tenant picker", () => {
  it('when there is no tenant directory, then the only choice is the default business', async () => {
    const res = await request(appWith())
      .get('/playground/api/flows/book-appointment/tenants')
      .expect(200);
    expect(res.body).toEqual({
      tenants: [{ id: 'default', name: 'This deployment (default)' }],
    });
  });

  it('when tenants are stored, then the choices are default and the tenants that use the flow', async () => {
    const res = await request(appWith(await twoTenants()))
      .get('/playground/api/flows/book-appointment/tenants')
      .expect(200);
    expect(res.body.tenants).toEqual([
      { id: 'default', name: 'This deployment (default)' },
      { id: 'acme', name: 'Acme Dental' },
    ]);
  });

  it('when the flow is unknown, then its tenants are a 404', async () => {
    await request(appWith(await twoTenants()))
      .get('/playground/api/flows/no-such-flow/tenants')
      .expect(404);
  });

  it('when an exchange names a tenant that does not use the flow, then it is a 404', async () => {
    const res = await request(appWith(await twoTenants()))
      .post('/playground/api/flows/book-appointment/exchange')
      .set('x-playground', '1')
      .send({ tenant: 'globex', flowToken: 'token', action: 'INIT' })
      .expect(404);
    expect(res.body.message).toBe('tenant globex does not use flow book-appointment');
  });

  it('when an exchange names something that cannot be a tenant, then it is a 400', async () => {
    const res = await request(appWith(await twoTenants()))
      .post('/playground/api/flows/book-appointment/exchange')
      .set('x-playground', '1')
      .send({ tenant: '../admin', flowToken: 'token', action: 'INIT' })
      .expect(400);
    expect(res.body.message).toMatch(/^tenant must be a tenant id/);
  });

  it('when a tenant is picked, then the request goes to its URL, sealed with its key and signed with its app secret', async () => {
    const app = appWith(await twoTenants());
    const seen: { url?: string; signature?: string; body: Buffer }[] = [];
    // The tenant's flow route: what reaches /t/<id>/flows/<name> is recorded, the rest is the app.
    const server = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/t/')) return app(req, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({
          url: req.url,
          signature: req.headers['x-hub-signature-256'] as string | undefined,
          body: Buffer.concat(chunks),
        });
        res.writeHead(404).end();
      });
    });
    try {
      const res = await fetch(`${server.base}/playground/api/flows/book-appointment/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-playground': '1' },
        body: JSON.stringify({ tenant: 'acme', flowToken: 'a-flow-token', action: 'INIT' }),
      });
      expect(res.status).toBe(200);
      expect(seen).toHaveLength(1);
      const [sent] = seen;
      expect(sent?.url).toBe('/t/acme/flows/book-appointment');
      const body = sent?.body ?? Buffer.alloc(0);
      expect(sent?.signature).toBe(
        `sha256=${createHmac('sha256', ACME_APP_SECRET).update(body).digest('hex')}`,
      );
      const opened = decryptRequest(parseEnvelope(body), [{ id: 'acme', key: acmeKey }]);
      expect(JSON.parse(opened.plaintext.toString('utf8'))).toMatchObject({
        action: 'INIT',
        flow_token: 'a-flow-token',
      });
    } finally {
      await server.close();
    }
  });
});

import request from 'supertest';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import { adminConfigPart } from '../../src/admin/admin-config';
import { loadConfigPart } from '../../src/config/config-part';
import { ConfigError } from '../../src/errors/config-error';
import { createMemoryStore } from '../../src/store/memory-store';
import type { TenantDirectory } from '../../src/tenants/tenant-directory';
import { createTestEndpoint } from '../../src/testing/create-test-endpoint';
import { captureLogs } from '../helpers/log-capture';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';
import { businessPrivateKey, businessPublicKey } from '../helpers/test-keys';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456789';
const AUTH = `Bearer ${ADMIN_TOKEN}`;

const SECRETS = {
  d360ApiKey: 'd360-channel-key-value-never-shown',
  accessToken: 'cloud-access-token-value-never-shown',
  appSecrets: ['meta-app-secret-value-never-shown'],
  webhookSecret: 'webhook-secret-value-never-shown',
};

const ACME = {
  name: 'Acme Dental',
  provider: '360dialog',
  wabaId: '102290129340398',
  phoneNumberIds: ['106540352242922'],
  d360WabaAccountId: 'exampleWA',
  flows: ['book-appointment'],
  settings: { 'book-appointment': { businessName: 'Acme Dental' } },
  secrets: { d360ApiKey: SECRETS.d360ApiKey, webhookSecret: SECRETS.webhookSecret },
};

function adminApp(options: { tenants?: TenantDirectory | null; adminToken?: string | null } = {}) {
  const logs = captureLogs();
  const store = createMemoryStore();
  const tenants =
    options.tenants === null
      ? undefined
      : (options.tenants ?? createMemoryTenantDirectory({ keyFor: () => businessPrivateKey }));
  const { app } = createTestEndpoint({
    flows: [createBookAppointmentFlow({ store, logger: logs.logger })],
    store,
    privateKeys: [businessPrivateKey],
    app: {
      logger: logs.logger,
      ...(tenants && { tenants }),
      ...(options.adminToken !== null && { adminToken: options.adminToken ?? ADMIN_TOKEN }),
    },
  });
  return { app, logs, tenants };
}

const put = (app: ReturnType<typeof adminApp>['app'], id: string, body: unknown) =>
  request(app)
    .put(`/admin/tenants/${id}`)
    .set('Authorization', AUTH)
    .send(body as object);

describe('the admin API (/admin/tenants)', () => {
  describe('when it is off', () => {
    it('when ADMIN_TOKEN is unset, then /admin is 404 even with a bearer token', async () => {
      const { app } = adminApp({ adminToken: null });
      const res = await request(app).get('/admin/tenants').set('Authorization', AUTH);
      expect(res.status).toBe(404);
    });

    it('when there is no tenant directory, then /admin is 404', async () => {
      const { app } = adminApp({ tenants: null });
      const res = await request(app).get('/admin/tenants').set('Authorization', AUTH);
      expect(res.status).toBe(404);
    });
  });

  describe('the bearer token', () => {
    it.each([
      ['no Authorization header', undefined],
      ['a wrong token', 'Bearer wrong'],
      ['the token with a character more', `${AUTH}x`],
      ['the token without "Bearer"', ADMIN_TOKEN],
    ])('when a request carries %s, then it is 401 and nothing is read', async (_what, header) => {
      const { app } = adminApp();
      const req = request(app).get('/admin/tenants');
      const res = await (header === undefined ? req : req.set('Authorization', header));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
    });

    it('when a PUT without the token carries a body, then it is 401 before the body is parsed', async () => {
      const { app, tenants } = adminApp();
      const res = await request(app).put('/admin/tenants/acme').send(ACME);
      expect(res.status).toBe(401);
      expect(await tenants?.find('acme')).toBeUndefined();
    });
  });

  describe('PUT /admin/tenants/<id>', () => {
    it('when the tenant is new, then it is 201 with its view and a Location', async () => {
      const { app } = adminApp();
      const res = await put(app, 'acme', ACME);
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/admin/tenants/acme');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        id: 'acme',
        name: 'Acme Dental',
        provider: '360dialog',
        wabaId: '102290129340398',
        phoneNumberIds: ['106540352242922'],
        d360WabaAccountId: 'exampleWA',
        flows: ['book-appointment'],
        settings: { 'book-appointment': { businessName: 'Acme Dental' } },
        requestSignatures: 'on',
        sharedKey: false,
        revision: 1,
        updatedAt: expect.any(String),
        secrets: { d360ApiKey: true, accessToken: false, appSecrets: false, webhookSecret: true },
      });
    });

    it('when the tenant exists, then it is 200 and the change is kept', async () => {
      const { app } = adminApp();
      await put(app, 'acme', ACME);
      const res = await put(app, 'acme', { ...ACME, name: 'Acme Dental & Co', secrets: {} });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Acme Dental & Co', revision: 2 });
      const shown = await request(app).get('/admin/tenants/acme').set('Authorization', AUTH);
      expect(shown.body.name).toBe('Acme Dental & Co');
    });

    it('when the body breaks the schema, then it is 400 naming every field at fault', async () => {
      const { app, tenants } = adminApp();
      const res = await put(app, 'acme', {
        ...ACME,
        provider: 'telegram',
        wabaId: 'not-digits',
        flows: ['Book Appointment'],
        secrets: { d360ApiKey: '', password: 'hunter2' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('bad_request');
      const paths = (res.body.issues as { path: string }[]).map((issue) => issue.path).sort();
      expect(paths).toEqual(['flows.0', 'provider', 'secrets', 'secrets.d360ApiKey', 'wabaId']);
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      expect(await tenants?.find('acme')).toBeUndefined();
    });

    it('when the body is not an object, then it is 400', async () => {
      const { app } = adminApp();
      const res = await request(app)
        .put('/admin/tenants/acme')
        .set('Authorization', AUTH)
        .set('Content-Type', 'application/json')
        .send('"just a string"');
      expect(res.status).toBe(400);
    });

    it('when the body is not JSON at all, then it is 400', async () => {
      const { app } = adminApp();
      const res = await request(app)
        .put('/admin/tenants/acme')
        .set('Authorization', AUTH)
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('bad_request');
    });

    it('when the body is not application/json, then it is 415', async () => {
      const { app } = adminApp();
      const res = await request(app)
        .put('/admin/tenants/acme')
        .set('Authorization', AUTH)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(ACME));
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('unsupported_media_type');
    });

    it('when the body is over 64 KiB, then it is 413', async () => {
      const { app } = adminApp();
      const res = await put(app, 'acme', { ...ACME, name: 'x'.repeat(65 * 1024) });
      expect(res.status).toBe(413);
    });

    it.each([
      ['upper case', 'Acme'],
      ['a leading dash', '-acme'],
      ['a dot', 'acme.dental'],
      ['64 characters', 'a'.repeat(64)],
    ])('when the id has %s, then it is 400', async (_what, id) => {
      const { app } = adminApp();
      const res = await put(app, id, ACME);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/tenant id/);
    });

    it('when the id is default, then it is 400: it is the environment business', async () => {
      const { app } = adminApp();
      const res = await put(app, 'default', ACME);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/reserved/);
    });

    it.each([
      [400, 'bad_request'],
      [404, 'not_found'],
      [409, 'conflict'],
    ])(
      'when the directory refuses with status %i, then the answer is that status',
      async (status, error) => {
        const directory = createMemoryTenantDirectory({ keyFor: () => businessPrivateKey });
        directory.put = async () => {
          throw Object.assign(new Error('WABA 102290129340398 belongs to tenant globex'), {
            status,
          });
        };
        const { app } = adminApp({ tenants: directory });
        const res = await put(app, 'acme', ACME);
        expect(res.status).toBe(status);
        expect(res.body).toEqual({
          error,
          message: 'WABA 102290129340398 belongs to tenant globex',
        });
      },
    );

    it('when the directory fails otherwise, then it is a plain 500', async () => {
      const directory = createMemoryTenantDirectory({ keyFor: () => businessPrivateKey });
      directory.put = async () => {
        throw new Error('disk on fire at /var/secret/path');
      };
      const { app } = adminApp({ tenants: directory });
      const res = await put(app, 'acme', ACME);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: 'internal', message: 'internal error' });
    });
  });

  describe('GET /admin/tenants and /admin/tenants/<id>', () => {
    it('when tenants exist, then the list shows each without its secrets', async () => {
      const { app } = adminApp();
      await put(app, 'acme', ACME);
      await put(app, 'globex', { name: 'Globex', provider: 'cloud', secrets: SECRETS });
      const res = await request(app).get('/admin/tenants').set('Authorization', AUTH);
      expect(res.status).toBe(200);
      expect(res.body.tenants.map((t: { id: string }) => t.id)).toEqual(['acme', 'globex']);
      expect(res.body.tenants[1]).toMatchObject({ name: 'Globex', provider: 'cloud' });
      expect(res.body.tenants[1]).not.toHaveProperty('secrets');
    });

    it('when there are none, then the list is empty', async () => {
      const { app } = adminApp();
      const res = await request(app).get('/admin/tenants').set('Authorization', AUTH);
      expect(res.body).toEqual({ tenants: [] });
    });

    it('when one is asked for, then it shows which secrets are set', async () => {
      const { app } = adminApp();
      await put(app, 'globex', { name: 'Globex', provider: 'cloud', secrets: SECRETS });
      const res = await request(app).get('/admin/tenants/globex').set('Authorization', AUTH);
      expect(res.status).toBe(200);
      expect(res.body.secrets).toEqual({
        d360ApiKey: true,
        accessToken: true,
        appSecrets: true,
        webhookSecret: true,
      });
    });

    it('when the tenant is unknown, then it is 404', async () => {
      const { app } = adminApp();
      const res = await request(app).get('/admin/tenants/nobody').set('Authorization', AUTH);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('not_found');
    });

    it('when the id cannot be a tenant, then it is 400', async () => {
      const { app } = adminApp();
      const res = await request(app).get('/admin/tenants/Not_An_Id').set('Authorization', AUTH);
      expect(res.status).toBe(400);
    });
  });

  describe('DELETE /admin/tenants/<id>', () => {
    it('when the tenant exists, then it is 204 and gone', async () => {
      const { app, tenants } = adminApp();
      await put(app, 'acme', ACME);
      const res = await request(app).delete('/admin/tenants/acme').set('Authorization', AUTH);
      expect(res.status).toBe(204);
      expect(await tenants?.find('acme')).toBeUndefined();
    });

    it('when erase=true, then the directory is asked to erase its data', async () => {
      const directory = createMemoryTenantDirectory({ keyFor: () => businessPrivateKey });
      const removed: unknown[] = [];
      const remove = directory.remove.bind(directory);
      directory.remove = async (id, options) => {
        removed.push({ id, ...options });
        return remove(id, options);
      };
      const { app } = adminApp({ tenants: directory });
      await put(app, 'acme', ACME);
      const res = await request(app)
        .delete('/admin/tenants/acme?erase=true')
        .set('Authorization', AUTH);
      expect(res.status).toBe(204);
      expect(removed).toEqual([{ id: 'acme', erase: true }]);
    });

    it('when erase is neither true nor false, then it is 400 and nothing is removed', async () => {
      const { app, tenants } = adminApp();
      await put(app, 'acme', ACME);
      const res = await request(app)
        .delete('/admin/tenants/acme?erase=yes')
        .set('Authorization', AUTH);
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([{ path: 'erase', message: 'must be true or false' }]);
      expect(await tenants?.find('acme')).toBeDefined();
    });

    it('when there is no such tenant, then it is 404', async () => {
      const { app } = adminApp();
      const res = await request(app).delete('/admin/tenants/nobody').set('Authorization', AUTH);
      expect(res.status).toBe(404);
    });
  });

  describe('GET /admin/tenants/<id>/public-key', () => {
    it('when the tenant exists, then its public key comes as PEM', async () => {
      const { app } = adminApp();
      await put(app, 'acme', ACME);
      const res = await request(app)
        .get('/admin/tenants/acme/public-key')
        .set('Authorization', AUTH)
        .buffer(true)
        .parse((response, callback) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => callback(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-pem-file/);
      expect(res.body).toBe(businessPublicKey.export({ type: 'spki', format: 'pem' }).toString());
    });

    it('when the tenant is unknown, then it is 404', async () => {
      const { app } = adminApp();
      const res = await request(app)
        .get('/admin/tenants/nobody/public-key')
        .set('Authorization', AUTH);
      expect(res.status).toBe(404);
    });
  });

  it('when tenants are added, shown, listed, changed and removed, then no secret value appears in any answer or log line', async () => {
    const { app, logs } = adminApp();
    const answers = [
      await put(app, 'acme', { ...ACME, secrets: SECRETS }),
      await put(app, 'acme', { ...ACME, secrets: SECRETS }),
      await put(app, 'bad', { ...ACME, provider: 'nope', secrets: SECRETS }),
      await put(app, 'bad', { ...ACME, secrets: { ...SECRETS, extra: SECRETS.d360ApiKey } }),
      await request(app).get('/admin/tenants').set('Authorization', AUTH),
      await request(app).get('/admin/tenants/acme').set('Authorization', AUTH),
      await request(app).get('/admin/tenants/acme/public-key').set('Authorization', AUTH),
      await request(app).delete('/admin/tenants/acme?erase=true').set('Authorization', AUTH),
    ];
    const everything = [
      ...answers.map((res) => JSON.stringify(res.headers) + res.text),
      logs.text(),
    ].join('\n');
    for (const value of [...Object.values(SECRETS).flat(), ADMIN_TOKEN]) {
      expect(everything).not.toContain(value);
    }
    expect(logs.lines().map((line) => line.msg)).toEqual(
      expect.arrayContaining(['tenant added', 'tenant updated', 'tenant removed']),
    );
  });
});

describe('ADMIN_TOKEN', () => {
  const read = (env: Record<string, string>) => loadConfigPart(env, adminConfigPart);

  it('when unset, then the admin API is off', () => {
    expect(read({})).toEqual({ token: undefined });
  });

  it('when set outside production, then any token is taken', () => {
    expect(read({ ADMIN_TOKEN: 'short' })).toEqual({ token: 'short' });
  });

  it('when shorter than 32 characters in production, then the server refuses to start', () => {
    expect(() => read({ NODE_ENV: 'production', ADMIN_TOKEN: 'x'.repeat(31) })).toThrow(
      ConfigError,
    );
    expect(() => read({ NODE_ENV: 'production', ADMIN_TOKEN: 'x'.repeat(31) })).toThrow(
      /ADMIN_TOKEN must be at least 32 characters/,
    );
  });

  it('when 32 characters or more in production, then it is taken', () => {
    expect(read({ NODE_ENV: 'production', ADMIN_TOKEN: 'x'.repeat(32) })).toEqual({
      token: 'x'.repeat(32),
    });
  });
});

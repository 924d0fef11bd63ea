import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app/create-app';
import { ConfigError } from '../../src/config/config-error';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import type { PlaygroundOptions } from '../../src/playground/create-playground-router';
import { loadPlaygroundConfig } from '../../src/playground/playground-config';
import { createMemoryStore } from '../../src/store/memory-store';
import { captureLogs } from '../helpers/log-capture';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';

const TOKEN = 'playground-token-0123456789abcdef';
/** No page built here: the router's own answers are under test, not the page. */
const noAssets = mkdtempSync(path.join(tmpdir(), 'playground-empty-'));

function appWith(playground: PlaygroundOptions | undefined) {
  const store = createMemoryStore();
  const { logger } = captureLogs();
  return createApp({
    flows: [createBookAppointmentFlow({ store, logger })],
    keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
    logger: captureLogs().logger,
    store,
    tokens: { secret: TOKEN_SECRET, production: false },
    ...(playground && { playground }),
  });
}

describe('PLAYGROUND and PLAYGROUND_TOKEN', () => {
  it('when nothing is set outside production, then the playground is on without a token', () => {
    expect(loadPlaygroundConfig({})).toEqual({ enabled: true, token: undefined });
    expect(loadPlaygroundConfig({ NODE_ENV: 'test' }).enabled).toBe(true);
  });

  it('when NODE_ENV is production, then it is off unless PLAYGROUND=on', () => {
    expect(loadPlaygroundConfig({ NODE_ENV: 'production' }).enabled).toBe(false);
    expect(
      loadPlaygroundConfig({ NODE_ENV: 'production', PLAYGROUND: 'on', PLAYGROUND_TOKEN: TOKEN }),
    ).toEqual({ enabled: true, token: TOKEN });
  });

  it('when PLAYGROUND=on in production without a token, then start-up is refused naming the variable', () => {
    expect(() => loadPlaygroundConfig({ NODE_ENV: 'production', PLAYGROUND: 'on' })).toThrow(
      /PLAYGROUND_TOKEN is required when PLAYGROUND=on in production/,
    );
  });

  it('when PLAYGROUND=off in development, then it is off', () => {
    expect(loadPlaygroundConfig({ PLAYGROUND: 'off' }).enabled).toBe(false);
  });

  it('when PLAYGROUND or PLAYGROUND_TOKEN is malformed, then the error says what to fix', () => {
    expect(() => loadPlaygroundConfig({ PLAYGROUND: 'yes' })).toThrow(ConfigError);
    expect(() => loadPlaygroundConfig({ PLAYGROUND: 'yes' })).toThrow(
      /PLAYGROUND must be on or off/,
    );
    expect(() => loadPlaygroundConfig({ PLAYGROUND_TOKEN: 'short' })).toThrow(
      /PLAYGROUND_TOKEN must be at least 24 characters/,
    );
  });
});

describe('the playground routes', () => {
  it('when the playground is off, then /playground is not found', async () => {
    await request(appWith(undefined)).get('/playground').expect(404);
  });

  it('when it is on, then /playground lists the served flows with links', async () => {
    const res = await request(appWith({ assetsDir: noAssets }))
      .get('/playground')
      .expect(200);
    expect(res.text).toContain('href="/playground/book-appointment"');
    expect(res.text).toContain('4 screens');
  });

  it('when the page was not built, then the flow page says how to build it', async () => {
    const res = await request(appWith({ assetsDir: noAssets }))
      .get('/playground/book-appointment')
      .expect(200);
    expect(res.text).toContain('npm run build');
  });

  it('when a flow is unknown, then its page and API are not found', async () => {
    const app = appWith({ assetsDir: noAssets });
    await request(app).get('/playground/nope').expect(404);
    await request(app).get('/playground/api/flows/nope').expect(404);
  });

  it('when the page asks for a flow, then it gets its flow.json and the validator problems', async () => {
    const res = await request(appWith({ assetsDir: noAssets }))
      .get('/playground/api/flows/book-appointment')
      .expect(200);
    expect(res.body).toMatchObject({ name: 'book-appointment', problems: [], signed: true });
    expect((res.body as { flowJson: { screens: unknown[] } }).flowJson.screens).toHaveLength(4);
  });

  it('when an exchange is malformed, then it is a 400 naming the field', async () => {
    const res = await request(appWith({ assetsDir: noAssets }))
      .post('/playground/api/flows/book-appointment/exchange')
      .set('x-playground', '1')
      .send({ action: 'INIT' })
      .expect(400);
    expect(res.body).toMatchObject({
      error: 'bad_request',
      message: expect.stringContaining('flowToken'),
    });
  });

  it('when a request that does something lacks the page header, then it is refused (another site cannot drive it)', async () => {
    const app = appWith({ assetsDir: noAssets });
    const res = await request(app)
      .post('/playground/api/flows/book-appointment/session')
      .type('form')
      .send('a=b')
      .expect(400);
    expect(res.body).toMatchObject({ message: 'x-playground: 1 is required' });
    await request(app)
      .post('/playground/api/media?name=x.png')
      .type('text/plain')
      .send('x')
      .expect(400);
  });

  it('when the stand-in CDN is asked for a file it does not hold, then it is not found', async () => {
    await request(appWith({ assetsDir: noAssets }))
      .get('/playground/cdn/0123abcd')
      .expect(404);
  });
});

describe('PLAYGROUND_TOKEN', () => {
  const app = appWith({ assetsDir: noAssets, token: TOKEN });

  it('when a request carries no token, then it is refused', async () => {
    const res = await request(app).get('/playground').expect(401);
    expect(res.body).toMatchObject({ error: 'unauthorized' });
    await request(app).get('/playground/api/flows/book-appointment').expect(401);
  });

  it('when a wrong token is given, then it is refused', async () => {
    await request(app).get('/playground?token=not-the-token-at-all-0000').expect(401);
    await request(app).get('/playground').set('authorization', 'Bearer wrong').expect(401);
  });

  it('when the token is in the address, then the page opens and a cookie carries it from then on', async () => {
    const res = await request(app).get(`/playground?token=${TOKEN}`).expect(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/playground_token=.+; Path=\/playground; HttpOnly; SameSite=Strict/);
    await request(app)
      .get('/playground/api/flows/book-appointment')
      .set('cookie', cookie.split(';')[0] ?? '')
      .expect(200);
  });

  it('when the token comes as a bearer header, then it is accepted', async () => {
    await request(app).get('/playground').set('authorization', `Bearer ${TOKEN}`).expect(200);
  });
});

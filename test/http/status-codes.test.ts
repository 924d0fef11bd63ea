import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { APP_SECRET, createTestApp } from '../helpers/test-app';
import { sealRequest, sign } from '../helpers/whatsapp-client';

const PING = { version: '3.0', action: 'ping' };

/** No error answer may carry a stack trace or internals. */
function expectCleanError(body: unknown, kind: string): void {
  expect(body).toEqual({ error: kind, message: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

describe('HTTP status codes', () => {
  const { app, client } = createTestApp();

  describe('200', () => {
    it('when a signed, sealed ping arrives, then the sealed answer is {"data":{"status":"active"}} as text/plain', async () => {
      const reply = await client.send(PING);
      expect(reply.status).toBe(200);
      expect(reply.contentType).toMatch(/^text\/plain/);
      expect(reply.json).toEqual({ data: { status: 'active' } });
    });

    it('when GET /healthz is called without a signature, then it answers 200 JSON', async () => {
      const res = await request(app).get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('when any answer is sent, then helmet headers are on and x-powered-by is off', async () => {
      const res = await request(app).get('/healthz');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('404', () => {
    it('when the flow name is unknown, then it is a 404', async () => {
      const sealed = sealRequest(PING);
      const res = await request(app)
        .post('/flows/no-such-flow')
        .set('X-Hub-Signature-256', sign(sealed.body, APP_SECRET))
        .send(sealed.body);
      expect(res.status).toBe(404);
      expectCleanError(res.body, 'not_found');
    });

    it.each([
      ['GET', '/flows/book-appointment'],
      ['GET', '/'],
      ['POST', '/flows'],
      ['POST', '/flows/book-appointment/extra'],
    ])('when %s %s is requested, then it is a 404', async (method, path) => {
      const res = await (method === 'GET'
        ? request(app).get(path)
        : request(app).post(path).send('{}'));
      expect(res.status).toBe(404);
      expectCleanError(res.body, 'not_found');
    });
  });

  describe('413', () => {
    it('when the body is over 1 MiB, then it is a 413 before any signature check', async () => {
      const huge = JSON.stringify({
        encrypted_flow_data: 'A'.repeat(1024 * 1024),
        encrypted_aes_key: '',
        initial_vector: '',
      });
      const res = await client.post(huge);
      expect(res.status).toBe(413);
      expectCleanError(res.body, 'payload_too_large');
    });

    it('when the body is just under 1 MiB, then it is read (and refused later for its content)', async () => {
      const body = `{"x":"${'A'.repeat(1024 * 1024 - 100)}"}`;
      const res = await client.post(body);
      expect(res.status).toBe(400);
    });
  });

  describe('432', () => {
    it('when the signature header is missing, then it is a 432, not a crash', async () => {
      const res = await client.post(sealRequest(PING).body, { 'X-Hub-Signature-256': undefined });
      expect(res.status).toBe(432);
      expectCleanError(res.body, 'signature_invalid');
    });

    it.each(['sha256=', 'sha256=xyz', 'md5=abc', 'garbage', `sha256=${'0'.repeat(64)} extra`])(
      'when the signature header is malformed (%s), then it is a 432',
      async (header) => {
        const res = await client.post(sealRequest(PING).body, { 'X-Hub-Signature-256': header });
        expect(res.status).toBe(432);
      },
    );

    it('when the signature was made with another secret, then it is a 432', async () => {
      const { body } = sealRequest(PING);
      const res = await client.post(body, { 'X-Hub-Signature-256': sign(body, 'not-the-secret') });
      expect(res.status).toBe(432);
    });

    it('when the body was re-serialised after signing, then it is a 432', async () => {
      const { body } = sealRequest(PING);
      const reformatted = JSON.stringify(JSON.parse(body), null, 2);
      const res = await client.post(reformatted, { 'X-Hub-Signature-256': sign(body, APP_SECRET) });
      expect(res.status).toBe(432);
    });

    it('when the app secret is being rotated, then requests signed with either secret are served', async () => {
      const rotating = createTestApp({ appSecrets: ['new-secret', APP_SECRET] });
      const sealed = sealRequest(PING);
      const withOld = await rotating.client.post(sealed.body, {
        'X-Hub-Signature-256': sign(sealed.body, APP_SECRET),
      });
      const withNew = await rotating.client.post(sealed.body, {
        'X-Hub-Signature-256': sign(sealed.body, 'new-secret'),
      });
      expect([withOld.status, withNew.status]).toEqual([200, 200]);
    });

    it('when no app secret is configured (development), then unsigned requests are served', async () => {
      const unsigned = createTestApp({ appSecrets: [] });
      const reply = await unsigned.client.send(PING, { 'X-Hub-Signature-256': undefined });
      expect(reply.status).toBe(200);
    });
  });

  describe('400', () => {
    it.each([
      ['not JSON', 'this is not json'],
      ['empty', ''],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      [
        'with a field missing',
        JSON.stringify({ encrypted_flow_data: 'a', encrypted_aes_key: 'b' }),
      ],
      [
        'a field not a string',
        JSON.stringify({ encrypted_flow_data: 'a', encrypted_aes_key: 'b', initial_vector: 5 }),
      ],
    ])('when the envelope is %s, then it is a 400', async (_case, body) => {
      const res = await client.post(body);
      expect(res.status).toBe(400);
      expectCleanError(res.body, 'bad_request');
    });

    it('when the decrypted request is not JSON, then it is a 400', async () => {
      const reply = await client.send('{not json');
      expect(reply.status).toBe(400);
      expectCleanError(reply.json, 'bad_request');
    });

    it.each([
      ['no action', { version: '3.0', flow_token: 't' }],
      ['action in the wrong case', { version: '3.0', action: 'PING' }],
      ['lower-case init', { version: '3.0', action: 'init', flow_token: 't' }],
      ['unknown action', { version: '3.0', action: 'navigate', flow_token: 't' }],
      ['INIT without flow token', { version: '3.0', action: 'INIT' }],
      [
        'data not an object',
        { version: '3.0', action: 'data_exchange', screen: 'X', flow_token: 't', data: [1] },
      ],
      ['a JSON string', 'just a string'],
    ])('when the decrypted request has %s, then it is a 400', async (_case, payload) => {
      const reply = await client.send(
        typeof payload === 'string' ? JSON.stringify(payload) : payload,
      );
      expect(reply.status).toBe(400);
      expectCleanError(reply.json, 'bad_request');
    });
  });

  describe('421', () => {
    it('when the request was sealed for another business key, then it is a 421', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const { body } = sealRequest(PING, other.publicKey);
      const res = await client.post(body);
      expect(res.status).toBe(421);
      expectCleanError(res.body, 'decryption_failed');
    });

    it('when the GCM tag was tampered with, then it is a 421', async () => {
      const envelope = JSON.parse(sealRequest(PING).body) as Record<string, string>;
      const data = Buffer.from(envelope.encrypted_flow_data ?? '', 'base64');
      data[data.length - 2] = (data[data.length - 2] ?? 0) ^ 0xff;
      const res = await client.post(
        JSON.stringify({ ...envelope, encrypted_flow_data: data.toString('base64') }),
      );
      expect(res.status).toBe(421);
    });

    it('when a field is not Base64, then it is a 421', async () => {
      const envelope = JSON.parse(sealRequest(PING).body) as Record<string, string>;
      const res = await client.post(
        JSON.stringify({ ...envelope, encrypted_aes_key: '%%%not base64%%%' }),
      );
      expect(res.status).toBe(421);
    });
  });

  describe('500 and 427', () => {
    const failing = defineFlow({
      name: 'failing',
      INIT: () => {
        throw new Error('database exploded at /srv/app.ts:12');
      },
      screens: { GONE: { data_exchange: (ctx) => ctx.rejectToken() } },
    });
    const { client: failingClient, token } = createTestApp({ flows: [failing] });

    it('when a handler throws, then it is a 500 with no stack trace, and the server keeps serving', async () => {
      const reply = await failingClient.send({
        version: '3.0',
        action: 'INIT',
        flow_token: token(),
      });
      expect(reply.status).toBe(500);
      expectCleanError(reply.json, 'internal');
      expect(reply.text).not.toMatch(/exploded|srv/);
      const ping = await failingClient.send(PING);
      expect(ping.status).toBe(200);
    });

    it('when no handler exists for the screen, then it is a 500', async () => {
      const reply = await failingClient.send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'NOWHERE',
        flow_token: token(),
        data: {},
      });
      expect(reply.status).toBe(500);
      expectCleanError(reply.json, 'internal');
    });

    it('when the handler rejects the flow token, then it is a 427 with a sealed error_msg', async () => {
      const reply = await failingClient.send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'GONE',
        flow_token: token(),
        data: {},
      });
      expect(reply.status).toBe(427);
      expect(reply.contentType).toMatch(/^text\/plain/);
      expect(reply.json).toEqual({ error_msg: expect.any(String) });
    });
  });
});

describe('400 for data nested too deep', () => {
  it('when the decrypted data nests 50 000 levels deep, then it is a 400, not a crash', async () => {
    const { send, token } = createTestApp();
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const plaintext = `{"version":"3.0","action":"data_exchange","screen":"SUMMARY","flow_token":"${token()}","data":${deep}}`;
    const reply = await send(plaintext);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      error: 'bad_request',
      message: 'decrypted request nests deeper than 32 levels',
    });
  });
});

import { SLOT } from '../helpers/appointment-journey';
import {
  BAD_UTF8,
  postSigned,
  PROTO_KEYS,
  prototypeUntouched,
  servedWhileTesting,
} from '../helpers/hostile-json';
import { createTestApp } from '../helpers/test-app';

const PATH = '/flows/book-appointment';

describe('hostile bodies on the flow route', () => {
  const { app, client, send, token } = createTestApp();
  const server = servedWhileTesting(app);
  afterEach(async () => {
    // After each, no prototype was touched and the endpoint still answers a health check.
    expect(prototypeUntouched()).toBe(true);
    expect((await send({ version: '3.0', action: 'ping' })).json).toEqual({
      data: { status: 'active' },
    });
  });

  describe('as the signed body itself', () => {
    it.each([
      ['100,000 unclosed [', '['.repeat(100_000)],
      ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['100,000 nested objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
      [
        'an envelope field nested 100,000 levels',
        `{"encrypted_flow_data":${'['.repeat(100_000)}${']'.repeat(100_000)},"encrypted_aes_key":"a","initial_vector":"b"}`,
      ],
      ['an array of 300,000 numbers', `[${'0,'.repeat(299_999)}0]`],
      [
        'an envelope field holding 300,000 strings',
        `{"encrypted_flow_data":[${'"a",'.repeat(199_999)}"a"],"encrypted_aes_key":"a","initial_vector":"b"}`,
      ],
      [
        'invalid UTF-8 where the JSON structure is',
        Buffer.concat([Buffer.from('{"encrypted_flow_data"'), BAD_UTF8, Buffer.from(':"a"}')]),
      ],
      ['only prototype keys', `{${PROTO_KEYS}}`],
    ])('when it is %s, then 400 and nothing breaks', async (_case, body) => {
      // Posted as raw bytes, signed as they are, so that they reach the parser.
      const reply = await postSigned(server(), PATH, body);
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text)).toMatchObject({ error: 'bad_request' });
    });

    it('when prototype keys come beside envelope fields that are not Base64, then 421 (no key could open it)', async () => {
      const body = `{${PROTO_KEYS},"encrypted_flow_data":"!","encrypted_aes_key":"!","initial_vector":"!"}`;
      const reply = await postSigned(server(), PATH, body);
      expect(reply.status).toBe(421);
    });
  });

  describe('as the decrypted request', () => {
    it.each([
      ['100,000 unclosed [', '['.repeat(100_000)],
      ['a request nested 100,000 levels', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
      [
        'data nested 100,000 levels',
        `{"version":"3.0","action":"ping","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      ],
      [
        'invalid UTF-8 where a quote should be',
        Buffer.concat([Buffer.from('{"version":"3.0","action":'), BAD_UTF8, Buffer.from('ping"}')]),
      ],
      ['only prototype keys', `{${PROTO_KEYS}}`],
      ['prototype keys and no action', `{${PROTO_KEYS},"version":"3.0"}`],
    ])('when it is %s, then 400 and nothing breaks', async (_case, plaintext) => {
      const reply = await client.send(plaintext);
      expect(reply.status).toBe(400);
    });

    it('when a screen’s data carries prototype keys, then the screen is answered from the declared fields only', async () => {
      const flowToken = token('proto-user');
      await send({ version: '3.0', action: 'INIT', flow_token: flowToken });
      const plaintext = `{"version":"3.0","action":"data_exchange","screen":"APPOINTMENT","flow_token":${JSON.stringify(flowToken)},"data":{${PROTO_KEYS},"trigger":"department_selected","department":${JSON.stringify(SLOT.department)}}}`;
      const reply = await client.send(plaintext);
      expect(reply.status).toBe(200);
      expect(reply.json.screen).toBe('APPOINTMENT');
      expect(JSON.stringify(reply.json)).not.toContain('polluted');
    });

    it('when a screen’s data holds a huge array where a string belongs, then the user is asked to correct it', async () => {
      const flowToken = token('array-user');
      await send({ version: '3.0', action: 'INIT', flow_token: flowToken });
      const reply = await send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'APPOINTMENT',
        flow_token: flowToken,
        data: { trigger: 'department_selected', department: Array(100_000).fill('home') },
      });
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ screen: 'APPOINTMENT' });
      expect(JSON.stringify(reply.json).length).toBeLessThan(10_000);
    });
  });
});

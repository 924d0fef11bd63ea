import { defineFlow } from '../../src/flow-definition/define-flow';
import { bookThroughFlow, CONTACT } from '../helpers/appointment-journey';
import { createTestApp, issueToken, TOKEN_SECRET } from '../helpers/test-app';
import { sealRequest } from '../helpers/whatsapp-client';

const FLOW_TOKEN = issueToken('book-appointment', '+44 7700 900123');

describe('logs', () => {
  it('when a whole appointment journey runs, then none of the personal data sent appears in the logs', async () => {
    const { client, logs } = createTestApp();
    const replies = await bookThroughFlow(client, FLOW_TOKEN);
    expect(replies.at(-1)?.json.screen).toBe('SUCCESS');

    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [
      ...Object.values(CONTACT),
      FLOW_TOKEN,
      FLOW_TOKEN.slice(0, 16),
      'test-app-secret',
      TOKEN_SECRET,
      'PRIVATE KEY',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('when a handler throws an error carrying the user’s data, then the failure line logs the error with the data redacted', async () => {
    const leaky = defineFlow({
      name: 'leaky',
      INIT: () => {
        throw Object.assign(new Error('could not save'), { data: { email: 'ada@example.com' } });
      },
      screens: {},
    });
    const { send, logs, token } = createTestApp({ flows: [leaky] });
    const reply = await send({ version: '3.0', action: 'INIT', flow_token: token() });
    expect(reply.status).toBe(500);
    const failure = logs.lines().find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({ level: 50, err: { message: 'could not save' } });
    expect(logs.text()).not.toContain('ada@example.com');
  });

  it('when a request is served, then one line carries request id, flow, action, screen, status and duration', async () => {
    const { send, logs } = createTestApp();
    await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      data: { trigger: 'department_selected', department: 'home' },
      flow_token: FLOW_TOKEN,
    });
    const line = logs.lines().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({
      reqId: expect.any(String),
      flow: 'book-appointment',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      token: expect.stringMatching(/^[\w-]{12}$/),
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
  });

  it('when the same token is used twice, then both lines carry the same short token reference', async () => {
    const { send, logs } = createTestApp();
    await send({ version: '3.0', action: 'INIT', flow_token: FLOW_TOKEN });
    await send({ version: '3.0', action: 'INIT', flow_token: FLOW_TOKEN });
    const refs = logs
      .lines()
      .filter((entry) => entry.msg === 'request completed')
      .map((entry) => entry.token);
    expect(refs).toHaveLength(2);
    expect(refs[0]).toBe(refs[1]);
  });

  it('when a request is refused for its signature, then the access line says why at debug level without the body', async () => {
    const { client, logs } = createTestApp();
    const { body } = sealRequest({ version: '3.0', action: 'ping' });
    await client.post(body, { 'X-Hub-Signature-256': 'sha256=nope' });
    const line = logs.lines().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({
      level: 20,
      reason: 'X-Hub-Signature-256 header malformed',
      res: { statusCode: 432 },
    });
    expect(logs.text()).not.toContain(JSON.parse(body).encrypted_flow_data);
  });

  it('when the caller sends a request id, then it is used and echoed', async () => {
    const { client, logs } = createTestApp();
    const { body } = sealRequest({ version: '3.0', action: 'ping' });
    const res = await client.post(body, { 'X-Request-Id': 'trace-42' });
    expect(res.headers['x-request-id']).toBe('trace-42');
    expect(logs.lines().find((entry) => entry.msg === 'request completed')?.reqId).toBe('trace-42');
  });
});

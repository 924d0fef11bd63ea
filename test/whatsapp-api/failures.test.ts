import { createServer } from 'node:net';
import { callApi } from '../../src/whatsapp-api/call-api';
import { successSchema } from '../../src/whatsapp-api/api-schemas';
import { parseErrorBody } from '../../src/whatsapp-api/parse-error-body';
import { WhatsAppApiError } from '../../src/whatsapp-api/whatsapp-api-error';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { FAKE, graphError, type Provider } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';

const SECRETS = [FAKE.accessToken, FAKE.partnerApiKey, FAKE.d360ApiKey];

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each<Provider>(['360dialog', 'cloud'])('failures through %s', (provider) => {
  let cli: CliHarness;
  beforeEach(async () => {
    cli = await CliHarness.start(provider);
  });
  afterEach(() => cli.stop());

  const noSecrets = (text: string) => {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  };

  it('when credentials are missing, then one line names the variables to set, exit 2, no call', async () => {
    const names =
      provider === 'cloud'
        ? ['WHATSAPP_ACCESS_TOKEN', 'PHONE_NUMBER_ID']
        : ['D360_PARTNER_API_KEY', 'D360_API_KEY'];
    cli.setEnv(Object.fromEntries(names.map((name) => [name, undefined])));
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      provider === 'cloud'
        ? `WHATSAPP_PROVIDER=cloud needs ${names.join(', ')}: set them in the environment or .env`
        : // Listing Flows is the Partner API's: the channel key is not asked for.
          'WHATSAPP_PROVIDER=360dialog needs D360_PARTNER_API_KEY for Flows (its Partner API): set it in the environment or .env',
    );
    expect(cli.fake.requests).toHaveLength(0);
  });

  it('when the provider refuses the key (401), then "the API key was refused", exit 1, and the key is nowhere in the output', async () => {
    cli.setEnv(
      provider === 'cloud'
        ? { WHATSAPP_ACCESS_TOKEN: 'wrong-token-value' }
        : { D360_PARTNER_API_KEY: 'wrong-key-value' },
    );
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^the API key was refused by 127\.0\.0\.1:\d+ \(HTTP 401\) trying to list the Flows/,
    );
    expect(run.err.split('\n')).toHaveLength(1);
    expect(run.out + run.err).not.toContain('wrong-');
    noSecrets(run.out + run.err);
  });

  it('when the provider answers 403, then it is the same refusal, exit 1', async () => {
    cli.fake.failNext(
      'GET',
      /flows$/,
      graphError(403, 10, 'Application does not have permission for this action'),
    );
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('the API key was refused');
    expect(run.err).toContain('(HTTP 403)');
  });

  it('when the host cannot be reached, then one line names the host and what was attempted, exit 1', async () => {
    const port = await closedPort();
    cli.setEnv(
      provider === 'cloud'
        ? { GRAPH_API_URL: `http://127.0.0.1:${port}` }
        : { D360_HUB_URL: `http://127.0.0.1:${port}` },
    );
    cli.setEnv({ WHATSAPP_API_RETRIES: '0' });
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`could not reach 127.0.0.1:${port} to list the Flows: ECONNREFUSED`);
  });

  it('when the provider does not answer in time, then one line says so, exit 1', async () => {
    cli.setEnv({ WHATSAPP_API_TIMEOUT_MS: '500', WHATSAPP_API_RETRIES: '0' });
    cli.fake.failNext('GET', /flows$/, { status: 0 });
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^127\.0\.0\.1:\d+ did not answer in time to list the Flows$/);
  });

  it('when a read meets 503 then 429, then it is retried and succeeds', async () => {
    cli.fake.failNext('GET', /flows$/, { status: 503, body: {} }, 1);
    expect((await cli.run(['remote', 'list'])).code).toBe(0);
    expect(cli.fake.requestsTo('GET', /flows$/)).toHaveLength(2);

    cli.fake.failNext(
      'GET',
      /flows$/,
      { status: 429, body: {}, headers: { 'retry-after': '0' } },
      1,
    );
    expect((await cli.run(['remote', 'list'])).code).toBe(0);
    expect(cli.fake.requestsTo('GET', /flows$/)).toHaveLength(4);
  });

  it('when a read keeps failing with 500, then it gives up after the retries with the provider code', async () => {
    cli.fake.failNext(
      'GET',
      /flows$/,
      graphError(500, 2, 'Service temporarily unavailable', { is_transient: true }),
      10,
    );
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'list the Flows failed (HTTP 500, code 2): Service temporarily unavailable',
    );
    expect(cli.fake.requestsTo('GET', /flows$/)).toHaveLength(3);
  });

  it('when sending a message meets 503, then it is never retried (it could be sent twice), exit 1', async () => {
    expect((await cli.runWithLock(['deploy', 'book-appointment', '--publish'])).code).toBe(0);
    cli.fake.failNext('POST', /messages$/, { status: 503, body: {} }, 5);
    const run = await cli.runWithLock(['send', 'book-appointment', '--to', '+447700900123']);
    expect(run.code).toBe(1);
    expect(cli.fake.requestsTo('POST', /messages$/)).toHaveLength(1);
    expect(run.err).toContain('send the message failed (HTTP 503)');
  });

  it('when the answer is not the documented shape, then it is one line, exit 1', async () => {
    cli.fake.failNext('GET', /flows$/, { status: 200, body: { unexpected: true } });
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/gave an unexpected answer to list the Flows/);
  });
});

describe('configuration', () => {
  let cli: CliHarness;
  beforeEach(async () => {
    cli = await CliHarness.start('cloud');
  });
  afterEach(() => cli.stop());

  it('when WHATSAPP_PROVIDER is not set, then the credentials that are set choose the provider', async () => {
    cli.setEnv({ WHATSAPP_PROVIDER: undefined });
    expect((await cli.run(['remote', 'list'])).code).toBe(0);
    expect(cli.fake.requests[0]?.path).toMatch(/^\/graph\//);
  });

  it('when nothing is set, then 360dialog is asked for, with every variable of the API used named', async () => {
    cli.setEnv({
      WHATSAPP_PROVIDER: undefined,
      WHATSAPP_ACCESS_TOKEN: undefined,
      WABA_ID: undefined,
      PHONE_NUMBER_ID: undefined,
    });
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      'needs D360_PARTNER_API_KEY, D360_PARTNER_ID, D360_WABA_ACCOUNT_ID for Flows (its Partner API)',
    );
    expect(run.err).not.toContain('D360_API_KEY');
  });

  it('when WHATSAPP_PROVIDER is unknown, then it says what it must be, exit 2', async () => {
    cli.setEnv({ WHATSAPP_PROVIDER: 'twilio' });
    const run = await cli.run(['remote', 'list']);
    expect(run.code).toBe(2);
    expect(run.err).toBe('WHATSAPP_PROVIDER must be 360dialog or cloud');
  });
});

describe('parseErrorBody', () => {
  it.each([
    [
      'Graph',
      {
        error: { message: 'Invalid parameter', code: 100, error_subcode: 33, is_transient: false },
      },
      { code: 100, subcode: 33, message: 'Invalid parameter', transient: false },
    ],
    [
      'Graph with a user message',
      { error: { message: 'x', code: 139002, error_user_msg: 'Publish failed: fix the errors' } },
      { code: 139002, message: 'Publish failed: fix the errors' },
    ],
    [
      '360dialog relaying Meta',
      { detail: { error: { message: 'Blocked by Integrity', code: 139000 } } },
      { code: 139000, message: 'Blocked by Integrity' },
    ],
    [
      '360dialog Partner API',
      {
        meta: {
          success: false,
          http_code: 400,
          developer_message: 'Wrong payload',
          details: ['name is required'],
        },
      },
      { code: 400, message: 'Wrong payload; name is required' },
    ],
    ['360dialog Messaging API', { error: 'Invalid api key' }, { message: 'Invalid api key' }],
    ['FastAPI detail', { detail: 'Not found' }, { message: 'Not found' }],
    ['something else', { weird: 1 }, {}],
  ])('when the body is the %s shape, then code and message are read', (_shape, body, expected) => {
    expect(parseErrorBody(JSON.stringify(body))).toMatchObject(expected);
  });

  it('when the body is not JSON, then a short text is the message and HTML is dropped', () => {
    expect(parseErrorBody('Bad Gateway')).toEqual({ message: 'Bad Gateway' });
    expect(parseErrorBody(`<html>${'x'.repeat(300)}</html>`)).toEqual({});
  });
});

describe('callApi', () => {
  it('when a request is not repeatable, then a network failure is not retried', async () => {
    const port = await closedPort();
    let error: unknown;
    try {
      await callApi(
        { timeoutMs: 2000, retries: 3, retryBaseMs: 1 },
        {
          method: 'POST',
          url: `http://127.0.0.1:${port}/messages`,
          headers: {},
          body: {},
          operation: 'send the message',
          repeatable: false,
          schema: successSchema,
        },
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect(error).toMatchObject({ failure: 'network', retryable: true, host: `127.0.0.1:${port}` });
  });
});

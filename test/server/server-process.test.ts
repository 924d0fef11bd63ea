import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, get, type IncomingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { getJson, listeningPort, logLines, serversPerTest } from '../helpers/server-process';
import { FIXTURE_KEYS, fixturePem } from '../helpers/test-keys';

const servers = serversPerTest('server-process-');
const startServer = servers.start;
let blockers: Server[];

beforeEach(() => {
  blockers = [];
});
afterEach(() => {
  for (const blocker of blockers) blocker.close();
});

/** A listener that keeps a port busy. */
async function occupiedPort(): Promise<number> {
  const blocker = createServer();
  blockers.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as AddressInfo).port;
}

const fixturePath = (name: string) => join(FIXTURE_KEYS, name);

describe('server process', () => {
  it('when started in development with no key and no APP_SECRET, then it generates keys/ in its cwd, says what to upload, warns and serves /healthz', async () => {
    const server = startServer({ NODE_ENV: 'development' });
    const port = await listeningPort(server);

    const publicPem = readFileSync(join(servers.cwd(), 'keys', 'public.pem'), 'utf8');
    expect(existsSync(join(servers.cwd(), 'keys', 'private.pem'))).toBe(true);
    expect(server.stdout()).toContain(
      'No private key found: generated a development key pair in keys/private.pem.',
    );
    expect(server.stdout()).toContain(publicPem.trim());
    expect(server.stdout()).toContain('npm run keys -- upload --public-key keys/public.pem');
    expect(server.stdout()).toContain('https://graph.facebook.com/v23.0/<PHONE_NUMBER_ID>/');
    expect(server.stdout()).not.toContain('v21.0');
    expect(logLines(server)).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: expect.stringContaining(
          'APP_SECRET is not set: request signatures are NOT being checked',
        ),
      }),
    );
    expect(await getJson(port, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('when serving, then idle connections outlive a load balancer’s 60 s and oversized headers are refused', async () => {
    const server = startServer({ NODE_ENV: 'development' });
    const port = await listeningPort(server);
    const head = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
        get(
          {
            host: '127.0.0.1',
            port,
            path: '/healthz',
            headers,
            agent: new Agent({ keepAlive: true }),
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, headers: res.headers });
          },
        ).on('error', reject);
      });
    expect((await head({})).headers['keep-alive']).toBe('timeout=65');
    expect((await head({ 'X-Padding': 'x'.repeat(20 * 1024) })).status).toBe(431);
  });

  it('when production has APP_SECRET and an encrypted PRIVATE_KEY stored with literal "\\n", then it starts without the signature warning', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      APP_SECRET: 'new-secret,old-secret',
      FLOW_TOKEN_SECRET: 'a-production-flow-token-secret-of-40-chars',
      PRIVATE_KEY: fixturePem('rsa-2048-pkcs1-des3.pem').trimEnd().replace(/\n/g, '\\n'),
      PASSPHRASE: 'test-passphrase',
      METRICS_TOKEN: 'a-metrics-token',
    });
    const port = await listeningPort(server);

    expect(await getJson(port, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(server.stdout()).not.toContain('NOT being checked');
    expect(logLines(server)).toContainEqual(
      expect.objectContaining({ msg: 'Flows Endpoint listening', env: 'production', port }),
    );
    expect(existsSync(join(servers.cwd(), 'keys'))).toBe(false);
  });

  it('when NODE_ENV=production and APP_SECRET is missing, then it exits 1 naming APP_SECRET', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs8.pem'),
    });

    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('Flows Endpoint cannot start: configuration invalid:');
    expect(server.stderr()).toContain('  - APP_SECRET is required in production');
    expect(server.stdout()).not.toContain('listening');
  });

  it('when production has no METRICS_TOKEN and does not say METRICS_PUBLIC=true, then it exits 1 saying what to set', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      APP_SECRET: 'secret',
      FLOW_TOKEN_SECRET: 'a-production-flow-token-secret-of-40-chars',
      PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs8.pem'),
    });

    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain(
      '  - METRICS_TOKEN is required in production: set it to a long random token',
    );
    expect(server.stderr()).toContain('or set METRICS_PUBLIC=true');
    expect(server.stdout()).not.toContain('listening');
  });

  it('when development settings would listen on every interface, then it exits 1 naming HOST', async () => {
    const server = startServer({
      HOST: '0.0.0.0',
      PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs8.pem'),
    });

    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('  - HOST is 0.0.0.0, beyond this machine');
    expect(server.stderr()).toContain('ALLOW_DEV_ON_NETWORK=true');
    expect(server.stdout()).not.toContain('listening');
  });

  it('when production has APP_SECRET but no key, then it exits 1 naming PRIVATE_KEY and generates nothing', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      APP_SECRET: 'secret',
      FLOW_TOKEN_SECRET: 'a-production-flow-token-secret-of-40-chars',
      METRICS_PUBLIC: 'true',
    });

    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('no private key: PRIVATE_KEY is not set');
    expect(server.stderr()).toContain('PRIVATE_KEY_PATH (keys/private.pem) is not a file');
    expect(existsSync(join(servers.cwd(), 'keys'))).toBe(false);
  });

  it('when PASSPHRASE is wrong for an encrypted key, then it exits 1 naming PASSPHRASE', async () => {
    const server = startServer({
      PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs1-des3.pem'),
      PASSPHRASE: 'wrong-passphrase',
    });

    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('PASSPHRASE does not decrypt the key in PRIVATE_KEY_PATH');
  });

  it('when GRAPH_API_VERSION is set and a key is generated, then the upload hint uses that version', async () => {
    const server = startServer({ NODE_ENV: 'development', GRAPH_API_VERSION: 'v24.0' });
    await listeningPort(server);
    expect(server.stdout()).toContain('https://graph.facebook.com/v24.0/<PHONE_NUMBER_ID>/');
  });

  /** A start-up failure a person fixes: one plain line on stderr, exit 1, no JSON, no stack. */
  async function failsToStart(env: Record<string, string>): Promise<string> {
    const server = startServer({ PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs8.pem'), ...env });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(logLines(server).map((line) => line.msg)).not.toContain('Flows Endpoint listening');
    expect(logLines(server).filter((line) => line.level === 60)).toEqual([]);
    const stderr = server.stderr().trimEnd();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
    return stderr;
  }

  it('when the port is taken, then one plain line names the port and it exits 1', async () => {
    const port = await occupiedPort();
    expect(await failsToStart({ PORT: String(port) })).toBe(
      `Flows Endpoint cannot start: port ${port} on 127.0.0.1 is already in use (stop what uses it, or set PORT to another port)`,
    );
  });

  it('when the address cannot be listened on, then one plain line names HOST and it exits 1', async () => {
    const production = {
      NODE_ENV: 'production',
      APP_SECRET: 'secret',
      FLOW_TOKEN_SECRET: 'a-production-flow-token-secret-of-40-chars',
      METRICS_PUBLIC: 'true',
    };
    expect(await failsToStart({ ...production, HOST: '192.0.2.1' })).toMatch(
      /^Flows Endpoint cannot start: cannot listen on 192\.0\.2\.1:0 \(EADDRNOTAVAIL.*\) \(check HOST and PORT\)$/,
    );
  });

  it('when the SQLite store cannot be opened, then one plain line names STORE_URL and it exits 1', async () => {
    writeFileSync(join(servers.cwd(), 'not-a-dir'), '');
    const stderr = await failsToStart({ STORE_URL: 'sqlite:not-a-dir/flows.db' });
    expect(stderr).toMatch(/^Flows Endpoint cannot start: STORE_URL: .*not-a-dir\/flows\.db/);
  });

  it('when the Redis store does not answer, then one plain line names STORE_URL and its host and it exits 1', async () => {
    const port = await occupiedPort();
    blockers.pop()?.close();
    expect(await failsToStart({ STORE_URL: `redis://:hunter2@127.0.0.1:${port}` })).toMatch(
      new RegExp(
        `^Flows Endpoint cannot start: STORE_URL: the store at 127\\.0\\.0\\.1:${port} does not answer \\(.+\\)$`,
      ),
    );
  });

  it('when SIGTERM arrives, then it exits 0 within 10 s', async () => {
    const server = startServer({ PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs8.pem') });
    await listeningPort(server);

    const sent = Date.now();
    server.child.kill('SIGTERM');

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(logLines(server).map((line) => line.msg)).toEqual(
      expect.arrayContaining(['shutting down: finishing requests in flight', 'stopped']),
    );
  });

  it('when SIGTERM arrives while a keep-alive connection sits idle, then it exits 0 without waiting for it', async () => {
    const server = startServer({ PRIVATE_KEY_PATH: fixturePath('rsa-2048-pkcs8.pem') });
    const port = await listeningPort(server);
    const agent = new Agent({ keepAlive: true });
    try {
      expect(await getJson(port, '/healthz', agent)).toEqual({
        status: 200,
        body: { status: 'ok' },
      });

      const sent = Date.now();
      server.child.kill('SIGTERM');

      expect(await server.exited).toEqual({ code: 0, signal: null });
      // Well under Node's 5 s keep-alive timeout: idle sockets are closed, not waited for.
      expect(Date.now() - sent).toBeLessThan(3000);
    } finally {
      agent.destroy();
    }
  });
});

import { openResponse } from '../../src/device/open-response';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { businessPublicKey, fixturePem } from '../helpers/test-keys';
import { getJson, logLines, type ServerProcess, serversPerTest } from '../helpers/server-process';
import { firePings } from '../helpers/fire-pings';
import { post } from '../helpers/post';

const APP_SECRET = 'sigterm-app-secret';
const PRODUCTION = {
  NODE_ENV: 'production',
  APP_SECRET,
  FLOW_TOKEN_SECRET: 'sigterm-flow-token-secret-0123456789abcdef',
  PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
  LOG_LEVEL: 'warn',
  SHUTDOWN_DELAY: '1000',
  METRICS_PUBLIC: 'true',
};

async function workersListening(server: ServerProcess, workers: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const lines = logLines(server).filter((line) => line.msg === 'Flows Endpoint listening');
    if (lines.length >= workers) return lines[0]?.port as number;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not listening:\n${server.stdout()}\n${server.stderr()}`);
}

describe.each([
  ['one process', 1],
  ['cluster mode, 2 workers', 2],
])('SIGTERM under load (%s)', (_mode, workers) => {
  const servers = serversPerTest('sigterm-');
  let server: ServerProcess;

  beforeEach(() => {
    // The listening line is at info: keep it while the request lines stay quiet.
    server = servers.start({
      ...PRODUCTION,
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: String(workers),
    });
  });

  it('when 200 requests arrive at once and SIGTERM follows 10 ms later, then each is answered or refused, none is reset, and the exit is 0 within 10 s', async () => {
    const port = await workersListening(server, workers);
    let signalledAt = 0;

    const outcome = await firePings({
      port,
      appSecret: APP_SECRET,
      count: 200,
      afterMs: 10,
      signal: () => {
        signalledAt = performance.now();
        server.child.kill('SIGTERM');
      },
    });

    expect(outcome.other).toEqual([]);
    expect(outcome.reset).toBe(0);
    expect(outcome.answered + outcome.refused).toBe(200);
    expect(outcome.answered).toBeGreaterThan(0);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    // WhatsApp's limit: it gives up on a request after 10 s, so a slower drain answers no one.
    expect(performance.now() - signalledAt).toBeLessThan(10_000);
  }, 60_000);

  it('when SIGTERM arrives, then /readyz turns 503 at once while the listener still accepts', async () => {
    const port = await workersListening(server, workers);
    server.child.kill('SIGTERM');
    const deadline = Date.now() + 5000;
    let ready = 200;
    // Every worker must say so: fresh connections are spread over them.
    let notReadyInARow = 0;
    while (notReadyInARow < 2 * workers && Date.now() < deadline) {
      ready = (await getJson(port, '/readyz')).status;
      notReadyInARow = ready === 503 ? notReadyInARow + 1 : 0;
    }
    expect(ready).toBe(503);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 30_000);
});

describe('SIGTERM while a request is still arriving', () => {
  const servers = serversPerTest('sigterm-half-');

  it('when its headers and half its body came before SIGTERM and the rest after, then it is answered 200 with its sealed answer and the exit is 0', async () => {
    const server = servers.start({ ...PRODUCTION, LOG_LEVEL: 'info' });
    const port = await workersListening(server, 1);
    const sealed = sealRequest(
      JSON.stringify({ version: '3.0', action: 'ping' }),
      businessPublicKey,
    );
    const signed = { body: sealed.body, signature: signBody(sealed.body, APP_SECRET) };
    let healthz = 0;
    const { status, text } = await post(signed, port, '/flows/book-appointment', async () => {
      // A request on a later connection answered: the server has accepted the first and read its headers.
      healthz = (await getJson(port, '/healthz')).status;
      server.child.kill('SIGTERM');
      while ((await getJson(port, '/readyz')).status !== 503);
    });

    expect(healthz).toBe(200);
    expect(status).toBe(200);
    expect(openResponse(text, sealed.aesKey, sealed.iv)).toEqual({ data: { status: 'active' } });
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 30_000);
});

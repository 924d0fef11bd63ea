import { Agent, createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { gracefulShutdown } from '../../src/http/graceful-shutdown';
import { captureLogs } from '../helpers/log-capture';

interface Reply {
  status: number;
  body: string;
}

let server: Server;
let port: number;
let agent: Agent;
let arrived: number;

/** A plain HTTP server that counts requests as they arrive, before answering. */
async function start(handler: RequestListener): Promise<void> {
  arrived = 0;
  server = createServer((req, res) => {
    arrived += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

function get(path: string, via: Agent | false = agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: via }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const slow: RequestListener = (_req, res) => {
  setTimeout(() => res.end('done'), 300);
};

beforeEach(() => {
  agent = new Agent({ keepAlive: true });
});
afterEach(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('gracefulShutdown', () => {
  it('when requests are in flight, then each gets its answer, new connections are refused and it resolves', async () => {
    await start(slow);
    const replies = Promise.all([1, 2, 3, 4, 5].map(() => get('/slow')));
    await until(() => arrived === 5);

    let resolved = false;
    const started = Date.now();
    const shutdown = gracefulShutdown(server, pino({ level: 'silent' }), 5000).then(() => {
      resolved = true;
    });

    await expect(get('/new', false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(resolved).toBe(false);
    expect(await replies).toEqual(Array(5).fill({ status: 200, body: 'done' }));
    await shutdown;
    // The answered keep-alive sockets are swept, not left to their 5 s timeout.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.listening).toBe(false);
  });

  it('when keep-alive connections are left idle after their answers, then it resolves without waiting for them to time out', async () => {
    await start((_req, res) => res.end('done'));
    expect(await get('/quick')).toEqual({ status: 200, body: 'done' });
    const { logger, lines } = captureLogs();

    const started = Date.now();
    await gracefulShutdown(server, logger, 5000);

    // Node's keep-alive timeout is 5 s; the sweep closes idle sockets within about 100 ms. The
    // bound only needs to tell the two apart.
    expect(Date.now() - started).toBeLessThan(4000);
    expect(lines()).toEqual([]);
  });

  it('when a request never finishes, then it is cut at graceMs with a warning and the promise still resolves', async () => {
    await start(() => undefined);
    const hanging = get('/hang');
    await until(() => arrived === 1);
    const { logger, lines } = captureLogs();

    const started = Date.now();
    await gracefulShutdown(server, logger, 300);
    const elapsed = Date.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
    await expect(hanging).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'requests still open at the shutdown deadline; closing them',
      }),
    ]);
  });

  it('when the server holds no connections, then it resolves at once', async () => {
    await start(slow);
    const started = Date.now();

    await gracefulShutdown(server, pino({ level: 'silent' }), 5000);

    // Not the 5 s grace period: there was nothing to wait for.
    expect(Date.now() - started).toBeLessThan(4000);
    await expect(get('/new', false)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { shutDownServer } from '../../src/http/graceful-shutdown';

let server: Server;
let port: number;

function get(): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
      );
    })
      .on('error', reject)
      .end();
  });
}

beforeEach(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  server.closeAllConnections();
  if (server.listening) await new Promise((resolve) => server.close(resolve));
});

describe('shutDownServer', () => {
  it('when the shutdown delay runs, then new connections are still answered, each with Connection: close, and afterwards refused', async () => {
    let done = false;
    const shutdown = shutDownServer(server, pino({ level: 'silent' }), { delayMs: 1500 }).then(
      () => (done = true),
    );

    expect(await get()).toEqual({ status: 200, connection: 'close' });
    expect(done).toBe(false);
    await shutdown;
    await expect(get()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

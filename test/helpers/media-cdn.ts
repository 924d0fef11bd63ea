import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

type Route =
  | { kind: 'file'; bytes: Buffer; declareLength: boolean; chunkSize?: number }
  | { kind: 'redirect'; location: string; status: number }
  | { kind: 'status'; status: number }
  | { kind: 'stall' }
  | { kind: 'stall-body'; bytes: Buffer }
  | { kind: 'cut'; bytes: Buffer };

/**
 * A local stand-in for WhatsApp's media CDN on 127.0.0.1: serves files, redirects, errors, and
 * the misbehaviours a hostile or broken CDN shows (stalling, cutting a file short, endless bytes).
 */
export async function startMediaCdn() {
  const routes = new Map<string, Route>();
  const sockets = new Set<Socket>();
  /** Bytes written per path, to see when a client stopped reading early. */
  const sent = new Map<string, number>();
  const requests: string[] = [];

  const write = (res: ServerResponse, path: string, chunk: Buffer) => {
    sent.set(path, (sent.get(path) ?? 0) + chunk.length);
    return res.write(chunk);
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    switch (route.kind) {
      case 'file': {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          ...(route.declareLength && { 'content-length': route.bytes.length }),
        });
        const size = route.chunkSize ?? 64 * 1024;
        let offset = 0;
        const pump = () => {
          while (offset < route.bytes.length && !res.destroyed) {
            const chunk = route.bytes.subarray(offset, offset + size);
            offset += chunk.length;
            if (!write(res, path, chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
        };
        pump();
        return;
      }
      case 'redirect':
        res.writeHead(route.status, { location: route.location }).end();
        return;
      case 'status':
        res.writeHead(route.status).end();
        return;
      case 'stall':
        return;
      case 'stall-body':
        res.writeHead(200, { 'content-length': route.bytes.length });
        write(res, path, route.bytes.subarray(0, Math.floor(route.bytes.length / 2)));
        return;
      case 'cut':
        res.writeHead(200, { 'content-length': route.bytes.length });
        write(res, path, route.bytes.subarray(0, Math.floor(route.bytes.length / 2)));
        setImmediate(() => res.socket?.destroy());
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: (path: string) => `${origin}${path}`,
    requests,
    sent: (path: string) => sent.get(path) ?? 0,
    /** Serves `bytes` at `path`; without a length the body is sent chunked. */
    file(
      path: string,
      bytes: Buffer,
      options: { declareLength?: boolean; chunkSize?: number } = {},
    ) {
      routes.set(path, {
        kind: 'file',
        bytes,
        declareLength: options.declareLength ?? true,
        chunkSize: options.chunkSize,
      });
      return `${origin}${path}`;
    },
    redirect(path: string, location: string, status = 302) {
      routes.set(path, { kind: 'redirect', location, status });
      return `${origin}${path}`;
    },
    status(path: string, status: number) {
      routes.set(path, { kind: 'status', status });
      return `${origin}${path}`;
    },
    /** Accepts the request and never answers. */
    stall(path: string) {
      routes.set(path, { kind: 'stall' });
      return `${origin}${path}`;
    },
    /** Sends the headers and half the file, then nothing. */
    stallBody(path: string, bytes: Buffer) {
      routes.set(path, { kind: 'stall-body', bytes });
      return `${origin}${path}`;
    },
    /** Announces the whole file, sends half, and drops the connection. */
    cut(path: string, bytes: Buffer) {
      routes.set(path, { kind: 'cut', bytes });
      return `${origin}${path}`;
    },
    /** Open connections right now: a client that gave up has closed its own. */
    openConnections: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type MediaCdn = Awaited<ReturnType<typeof startMediaCdn>>;

import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MediaItem } from '../../contract/media-item';
import type { MediaKeys } from '../encrypt-media';
import type { SampleFile } from './sample-files';
import { createStandInCdn, type CdnAnswer } from './stand-in-cdn';

export interface LoopbackCdnOptions {
  /** Listened on at 127.0.0.1; any free port unless given. */
  port?: number;
  /**
   * Where the endpoint reaches this CDN (a tunnel to it, say); `http://127.0.0.1:<port>` unless
   * given, which only an endpoint on this machine can reach.
   */
  publicUrl?: string;
}

/** Hands out picked files as WhatsApp's CDN does: encrypted, behind a cdn_url. */
export interface MediaUploader {
  /** Encrypts `file` (with `keys` when given, for repeatable runs) and gives its media item. */
  upload(file: SampleFile, mediaId?: string, keys?: Partial<MediaKeys>): MediaItem;
}

export interface LoopbackCdn extends MediaUploader {
  /** The base of every cdn_url handed out. */
  readonly baseUrl: string;
  readonly port: number;
  /** Answers `answer` at `path` from now on, and gives its URL. */
  serve(path: string, answer: CdnAnswer): string;
  url(path: string): string;
  /** Every path asked for, in order. */
  readonly requests: readonly string[];
  /** Bytes written for `path` so far. */
  sent(path: string): number;
  /** Open connections right now: a client that gave up has closed its own. */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * The stand-in CDN on its own port at 127.0.0.1, for the device tools and the tests: each picked
 * file is encrypted as the CDN does and served at `<base>/media/<media_id>` until the run ends.
 */
export async function startStandInCdn(options: LoopbackCdnOptions = {}): Promise<LoopbackCdn> {
  const sent = new Map<string, number>();
  const requests: string[] = [];
  const cdn = createStandInCdn({
    onBytesSent: (path, bytes) => sent.set(path, (sent.get(path) ?? 0) + bytes),
  });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    cdn.handle(req, res, () => res.writeHead(404).end());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = (options.publicUrl ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const url = (path: string) => `${baseUrl}${path}`;

  return {
    baseUrl,
    port,
    upload: (file, mediaId, keys) => cdn.upload(file, { baseUrl, mediaId, keys }),
    serve(path, answer) {
      cdn.serve(path, answer);
      return url(path);
    },
    url,
    requests,
    sent: (path) => sent.get(path) ?? 0,
    openConnections: () => sockets.size,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

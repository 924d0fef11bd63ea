import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MediaItem } from '../../contract/media-item';
import { encryptMedia, type MediaKeys } from '../encrypt-media';
import type { SampleFile } from './sample-files';

export interface StandInCdnOptions {
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
  upload(file: SampleFile, mediaId: string, keys?: Partial<MediaKeys>): MediaItem;
}

export interface StandInCdn extends MediaUploader {
  /** The base of every cdn_url handed out. */
  readonly baseUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A stand-in for WhatsApp's media CDN on loopback, for the device tools: each picked file is
 * encrypted as the CDN does and served at `<base>/media/<media_id>` until the run ends.
 */
export async function startStandInCdn(options: StandInCdnOptions = {}): Promise<StandInCdn> {
  const files = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const bytes = req.method === 'GET' ? files.get(req.url ?? '') : undefined;
    if (!bytes) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': bytes.length,
    });
    res.end(bytes);
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

  return {
    baseUrl,
    port,
    upload(file, mediaId, keys) {
      const path = `/media/${encodeURIComponent(mediaId)}`;
      const encrypted = encryptMedia(file.bytes, keys);
      files.set(path, encrypted.bytes);
      return {
        media_id: mediaId,
        cdn_url: `${baseUrl}${path}`,
        file_name: file.fileName,
        encryption_metadata: encrypted.metadata,
      };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaItem } from '../../contract/media-item';
import { encryptMedia, type MediaKeys } from '../encrypt-media';
import type { SampleFile } from './sample-files';

/**
 * What the stand-in CDN answers at one path: a file as a real CDN serves it, or one of the ways a
 * broken or hostile CDN behaves, to see what an endpoint's `ctx.media` makes of it.
 */
export type CdnAnswer =
  /** The bytes, `chunkSize` at a time (64 KiB unless given); without a length, sent chunked. */
  | { kind: 'file'; bytes: Buffer; declareLength?: boolean; chunkSize?: number }
  | { kind: 'redirect'; location: string; status?: number }
  | { kind: 'status'; status: number }
  /** Accepts the request and never answers. */
  | { kind: 'stall' }
  /** Sends the headers and half the bytes, then nothing. */
  | { kind: 'stall-body'; bytes: Buffer }
  /** Announces all the bytes, sends half, and drops the connection. */
  | { kind: 'cut'; bytes: Buffer };

export interface UploadOptions {
  /** Where this CDN is reached: the cdn_url is `<baseUrl>/media/<media_id>`. */
  baseUrl: string;
  /** 128 random bits unless given, as WhatsApp's CDN URLs are capabilities. */
  mediaId?: string;
  /** Fresh keys unless given, for repeatable runs. */
  keys?: Partial<MediaKeys>;
}

export interface StandInCdnSettings {
  /**
   * The oldest uploaded files go once their total passes this: a handler reads a file within
   * seconds of the exchange that carries it. Answers set with `serve` are kept.
   */
  maxBytes?: number;
  /** Told of every chunk written, to see when a client stopped reading early. */
  onBytesSent?: (path: string, bytes: number) => void;
}

/** A stand-in for WhatsApp's media CDN, served by whichever HTTP server mounts `handle`. */
export interface StandInCdn {
  /** Encrypts `file` as WhatsApp's CDN holds it, keeps it, and gives its media item. */
  upload(file: Pick<SampleFile, 'fileName' | 'bytes'>, options: UploadOptions): MediaItem;
  /** Answers `answer` at `path` (as seen by `handle`) from now on. */
  serve(path: string, answer: CdnAnswer): void;
  /** Answers a GET for a path it holds; anything else goes to `next`. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
}

const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** The one stand-in CDN: the device tools', the playground's and the tests'. */
export function createStandInCdn(settings: StandInCdnSettings = {}): StandInCdn {
  const answers = new Map<string, CdnAnswer>();
  /** Uploaded files, oldest first, and their total: the ones `maxBytes` lets go. */
  const uploaded = new Map<string, number>();
  let uploadedBytes = 0;
  const maxBytes = settings.maxBytes ?? Infinity;

  const write = (res: ServerResponse, path: string, chunk: Buffer) => {
    settings.onBytesSent?.(path, chunk.length);
    return res.write(chunk);
  };

  return {
    upload(file, { baseUrl, mediaId = randomBytes(16).toString('hex'), keys }) {
      const path = `/media/${encodeURIComponent(mediaId)}`;
      const encrypted = encryptMedia(file.bytes, keys);
      answers.set(path, { kind: 'file', bytes: encrypted.bytes });
      uploadedBytes += encrypted.bytes.length - (uploaded.get(path) ?? 0);
      uploaded.delete(path);
      uploaded.set(path, encrypted.bytes.length);
      for (const [oldest, size] of uploaded) {
        if (uploadedBytes <= maxBytes || oldest === path) break;
        uploaded.delete(oldest);
        answers.delete(oldest);
        uploadedBytes -= size;
      }
      return {
        media_id: mediaId,
        cdn_url: `${baseUrl.replace(/\/+$/, '')}${path}`,
        file_name: file.fileName,
        encryption_metadata: encrypted.metadata,
      };
    },
    serve(path, answer) {
      answers.set(path, answer);
    },
    handle(req, res, next) {
      const path = req.url ?? '/';
      const answer = req.method === 'GET' ? answers.get(path) : undefined;
      if (!answer) {
        next();
        return;
      }
      switch (answer.kind) {
        case 'file': {
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            ...(answer.declareLength !== false && { 'content-length': answer.bytes.length }),
          });
          const size = answer.chunkSize ?? DEFAULT_CHUNK_BYTES;
          let offset = 0;
          const pump = () => {
            while (offset < answer.bytes.length && !res.destroyed) {
              const chunk = answer.bytes.subarray(offset, offset + size);
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
          res.writeHead(answer.status ?? 302, { location: answer.location }).end();
          return;
        case 'status':
          res.writeHead(answer.status).end();
          return;
        case 'stall':
          return;
        case 'stall-body':
          res.writeHead(200, { 'content-length': answer.bytes.length });
          write(res, path, answer.bytes.subarray(0, Math.floor(answer.bytes.length / 2)));
          return;
        case 'cut':
          res.writeHead(200, { 'content-length': answer.bytes.length });
          write(res, path, answer.bytes.subarray(0, Math.floor(answer.bytes.length / 2)));
          setImmediate(() => res.socket?.destroy());
          return;
      }
    },
  };
}

import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadMedia, toMediaError } from './download-media';
import { limitConcurrency } from './limit-concurrency';
import { downloadLimit, MediaDecipher } from './media-decipher';
import { MediaError } from './media-error';
import { mediaItemSchema, type MediaItem } from '../contract/media-item';
import type { MediaSettings } from './media-settings';
import { systemResolver, type ResolveHost } from './resolve-media-host';

/** A picked file, verified and decrypted. */
export interface MediaFile {
  mediaId: string;
  /** As the user's device named it: never use it as a path. */
  fileName: string;
  size: number;
  bytes: Buffer;
}

export interface SavedMedia {
  mediaId: string;
  fileName: string;
  size: number;
  /** Where the file now is, when saved to a path. */
  path?: string;
}

export interface MediaOptions {
  /**
   * Gives up (a `timeout` MediaError) when this aborts, e.g. `AbortSignal.timeout(9000)` to
   * answer within WhatsApp's 10 s however many files wait their turn. Each file has its own
   * MEDIA_TIMEOUT_MS besides.
   */
  signal?: AbortSignal;
}

/** `ctx.media`: reads what a PhotoPicker or DocumentPicker sent. Failures are MediaErrors. */
export interface MediaReader {
  /** The whole decrypted file in memory; prefer `save` for large files. */
  read(item: unknown, options?: MediaOptions): Promise<MediaFile>;
  /**
   * Streams the decrypted file to `destination`. A path appears only once every check has passed
   * (written beside it, then renamed); a writable gets bytes only after every check has passed,
   * and is ended.
   */
  save(item: unknown, destination: string | Writable, options?: MediaOptions): Promise<SavedMedia>;
}

export type MediaReaderSettings = Pick<
  MediaSettings,
  'hosts' | 'allowLoopback' | 'maxFileBytes' | 'connectTimeoutMs' | 'timeoutMs' | 'concurrency'
> & {
  /**
   * Where a file saved to a stream waits for its checks; the system's temp directory unless
   * given (the server gives MEDIA_DIR: a read-only container has no writable /tmp).
   */
  tempDir?: string;
  /** How CDN host names are resolved; `dns.lookup` unless given (tests give their own). */
  resolve?: ResolveHost;
};

/** Where the encrypted bytes come from: the CDN unless told otherwise (a local file, in the CLI). */
export type OpenMedia = (item: MediaItem, signal: AbortSignal) => Promise<Readable>;

export function createMediaReader(
  settings: MediaReaderSettings,
  open: OpenMedia = downloadFromCdn(settings),
): MediaReader {
  const limit = limitConcurrency(settings.concurrency);
  const maxBytes = downloadLimit(settings.maxFileBytes);

  /** Decrypts one item into `sink`; the sink's content counts only if this resolves. */
  const decryptInto = (raw: unknown, makeSink: () => Writable, { signal }: MediaOptions = {}) => {
    const item = parseItem(raw);
    return limit(async () => {
      const stopped = () => new MediaError('timeout', 'the caller stopped waiting for the file');
      if (signal?.aborted) throw stopped();
      const controller = new AbortController();
      const giveUp = () => controller.abort(stopped());
      signal?.addEventListener('abort', giveUp, { once: true });
      const timer = setTimeout(
        () =>
          controller.abort(
            new MediaError('timeout', `the download took longer than ${settings.timeoutMs} ms`),
          ),
        settings.timeoutMs,
      );
      const sink = makeSink();
      const decipher = new MediaDecipher(item.encryption_metadata, maxBytes);
      try {
        const source = await open(item, controller.signal);
        await pipeline(source, decipher, sink, { signal: controller.signal });
      } catch (err) {
        // pipeline destroys its streams on failure, but not when the source never opened.
        sink.destroy();
        throw toMediaError(err, controller.signal);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
      }
      return { item, size: decipher.size };
    });
  };

  return {
    async read(raw, options) {
      const chunks: Buffer[] = [];
      const sink = () =>
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        });
      const { item, size } = await decryptInto(raw, sink, options);
      return {
        mediaId: item.media_id,
        fileName: item.file_name,
        size,
        bytes: Buffer.concat(chunks),
      };
    },

    async save(raw, destination, options) {
      if (typeof destination === 'string') {
        await mkdir(dirname(destination), { recursive: true, mode: PRIVATE_FOLDER });
        const temp = join(dirname(destination), `.${basename(destination)}.${suffix()}.part`);
        try {
          const { item, size } = await decryptInto(raw, () => privateFile(temp), options);
          await rename(temp, destination);
          return { mediaId: item.media_id, fileName: item.file_name, size, path: destination };
        } finally {
          await rm(temp, { force: true });
        }
      }
      const tempDir = settings.tempDir ?? tmpdir();
      await mkdir(tempDir, { recursive: true, mode: PRIVATE_FOLDER });
      const temp = join(tempDir, `.flows-media-${suffix()}.part`);
      try {
        const { item, size } = await decryptInto(raw, () => privateFile(temp), options);
        await pipeline(createReadStream(temp), destination);
        return { mediaId: item.media_id, fileName: item.file_name, size };
      } finally {
        await rm(temp, { force: true });
      }
    },
  };
}

/** Downloads `cdn_url` under the settings' allow-list, timeouts and size cap. */
export function downloadFromCdn(settings: MediaReaderSettings): OpenMedia {
  return (item, signal) =>
    downloadMedia(item.cdn_url, {
      hosts: settings.hosts,
      allowLoopback: settings.allowLoopback,
      connectTimeoutMs: settings.connectTimeoutMs,
      maxBytes: downloadLimit(settings.maxFileBytes),
      signal,
      resolve: settings.resolve ?? systemResolver,
    });
}

function parseItem(raw: unknown): MediaItem {
  const parsed = mediaItemSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'item';
    throw new MediaError('item', `not a media item: ${where} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

const suffix = () => randomBytes(6).toString('hex');

/**
 * Readable by this user only: the decrypted file is personal data. A mode given at creation is
 * narrowed by the umask, never widened, so these hold whatever the umask.
 */
const privateFile = (path: string) => createWriteStream(path, { flags: 'wx', mode: 0o600 });
const PRIVATE_FOLDER = 0o700;

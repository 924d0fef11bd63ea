import { randomBytes } from 'node:crypto';
import { encryptMedia } from '../device/encrypt-media';
import type { MediaItem } from '../contract/media-item';

export interface StandInCdn {
  /** Encrypts the file as WhatsApp's CDN holds it and keeps it; `urlOf(id)` is where it is served. */
  put(fileName: string, plaintext: Buffer, urlOf: (id: string) => string): MediaItem;
  /** The stored ciphertext ‖ HMAC tail, while it is kept. */
  get(id: string): Buffer | undefined;
}

/**
 * The playground's stand-in for WhatsApp's media CDN, in memory. The oldest files go once the
 * total passes `maxBytes`: a handler reads a file within seconds of the exchange that carries it.
 */
export function createStandInCdn(maxBytes = 128 * 1024 * 1024): StandInCdn {
  const files = new Map<string, Buffer>();
  let total = 0;
  return {
    put(fileName, plaintext, urlOf) {
      const { bytes, metadata } = encryptMedia(plaintext);
      const id = randomBytes(16).toString('hex');
      files.set(id, bytes);
      total += bytes.length;
      for (const [oldest, kept] of files) {
        if (total <= maxBytes || oldest === id) break;
        files.delete(oldest);
        total -= kept.length;
      }
      return {
        media_id: id,
        cdn_url: urlOf(id),
        file_name: fileName,
        encryption_metadata: metadata,
      };
    },
    get: (id) => files.get(id),
  };
}

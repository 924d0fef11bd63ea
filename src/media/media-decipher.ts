import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { EncryptionMetadata } from './media-item';
import { MediaError } from './media-error';

/** The CDN appends the first 10 bytes of the HMAC to the ciphertext. */
export const MEDIA_MAC_BYTES = 10;
/** Ciphertext of at most `maxFileBytes` plaintext bytes, padded, plus the HMAC tail. */
export const downloadLimit = (maxFileBytes: number) => maxFileBytes + 16 + MEDIA_MAC_BYTES;

const b64 = (value: string) => Buffer.from(value, 'base64');
const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * Decrypts a CDN file as it streams through, holding back the last 10 bytes (the HMAC tail).
 * Plaintext flows out before the verdict: the destination must treat it as unverified until this
 * stream has finished without error. The verdict follows the protocol's order: encrypted hash,
 * HMAC, decryption (padding), plaintext hash; the first to fail is the error.
 */
export class MediaDecipher extends Transform {
  private readonly fileHash = createHash('sha256');
  private readonly mac;
  private readonly decipher;
  private readonly plainHash = createHash('sha256');
  private tail = Buffer.alloc(0);
  private received = 0;
  private plainBytes = 0;

  constructor(
    private readonly metadata: EncryptionMetadata,
    private readonly maxBytes: number,
  ) {
    super();
    const iv = b64(metadata.iv);
    this.mac = createHmac('sha256', b64(metadata.hmac_key)).update(iv);
    this.decipher = createDecipheriv('aes-256-cbc', b64(metadata.encryption_key), iv);
  }

  /** Plaintext bytes produced so far (all of them once finished). */
  get size(): number {
    return this.plainBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      done(new MediaError('size', `the file is over the ${this.maxBytes} bytes allowed`));
      return;
    }
    this.fileHash.update(chunk);
    const joined = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = Math.max(0, joined.length - MEDIA_MAC_BYTES);
    const ciphertext = joined.subarray(0, cut);
    this.tail = Buffer.from(joined.subarray(cut));
    if (ciphertext.length) {
      this.mac.update(ciphertext);
      // Decrypted now, judged at the end: wrong keys only show as bad padding or a wrong hash.
      this.release(this.decipher.update(ciphertext));
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!same(this.fileHash.digest(), b64(this.metadata.encrypted_hash))) {
      done(
        new MediaError('encrypted_hash', 'SHA-256 of the downloaded file is not encrypted_hash'),
      );
      return;
    }
    if (!same(this.mac.digest().subarray(0, MEDIA_MAC_BYTES), this.tail)) {
      done(new MediaError('hmac', 'HMAC-SHA256 of iv and ciphertext does not match the file'));
      return;
    }
    try {
      this.release(this.decipher.final());
    } catch (err) {
      done(
        new MediaError('decryption', 'AES-256-CBC decryption failed: bad length or padding', {
          cause: err,
        }),
      );
      return;
    }
    if (!same(this.plainHash.digest(), b64(this.metadata.plaintext_hash))) {
      done(new MediaError('plaintext_hash', 'SHA-256 of the decrypted file is not plaintext_hash'));
      return;
    }
    done();
  }

  private release(plaintext: Buffer): void {
    if (!plaintext.length) return;
    this.plainHash.update(plaintext);
    this.plainBytes += plaintext.length;
    this.push(plaintext);
  }
}

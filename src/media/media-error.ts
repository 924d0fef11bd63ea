/**
 * The step a picked file failed, in the order they run: where it may be fetched from, the
 * download itself, then the four checks of the protocol (flows-protocol.md, "Media").
 */
export type MediaCheck =
  /** Not a media item: fields missing or keys of the wrong length. */
  | 'item'
  /** The URL is not https on port 443, or its host is not on the allow-list. */
  | 'host'
  /** The CDN redirected off the allow-list, or too often. */
  | 'redirect'
  /** The host (or a redirect's) resolves to an address that is not public: loopback, private, … */
  | 'address'
  /** Connecting or the whole download took longer than allowed. */
  | 'timeout'
  /** The CDN answered with an error, or the connection broke. */
  | 'download'
  /** Larger than the limit: stopped as soon as the limit was passed. */
  | 'size'
  /** SHA-256 of the downloaded file is not `encrypted_hash`. */
  | 'encrypted_hash'
  /** HMAC-SHA256(iv ‖ ciphertext), first 10 bytes, is not the file's last 10 bytes. */
  | 'hmac'
  /** AES-256-CBC decryption failed: the length or the PKCS#7 padding is wrong. */
  | 'decryption'
  /** SHA-256 of the decrypted file is not `plaintext_hash`. */
  | 'plaintext_hash';

/** A picked file that could not be read; `check` names the step that failed. */
export class MediaError extends Error {
  constructor(
    readonly check: MediaCheck,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MediaError';
  }
}

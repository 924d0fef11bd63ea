import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { MEDIA_MAC_BYTES } from '../media/media-decipher';
import type { EncryptionMetadata } from '../media/media-item';

export interface MediaKeys {
  encryptionKey: Buffer;
  hmacKey: Buffer;
  iv: Buffer;
}

export interface EncryptedMedia {
  /** What the CDN serves at `cdn_url`: AES-256-CBC ciphertext ‖ the first 10 bytes of its HMAC. */
  bytes: Buffer;
  metadata: EncryptionMetadata;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

/**
 * Encrypts a file as WhatsApp's CDN does for a PhotoPicker or DocumentPicker answer: fresh keys
 * unless given, AES-256-CBC with PKCS#7 padding, HMAC-SHA256 over iv ‖ ciphertext cut to 10 bytes,
 * and the two SHA-256 hashes the endpoint checks.
 */
export function encryptMedia(plaintext: Buffer, keys: Partial<MediaKeys> = {}): EncryptedMedia {
  const encryptionKey = keys.encryptionKey ?? randomBytes(32);
  const hmacKey = keys.hmacKey ?? randomBytes(32);
  const iv = keys.iv ?? randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return packCdnFile(ciphertext, { encryptionKey, hmacKey, iv }, sha256(plaintext));
}

/**
 * The CDN file and metadata for a ciphertext made elsewhere (one with bad padding, say): the HMAC
 * tail and encrypted hash are computed over whatever is given.
 */
export function packCdnFile(
  ciphertext: Buffer,
  { encryptionKey, hmacKey, iv }: MediaKeys,
  plaintextHash: Buffer,
): EncryptedMedia {
  const mac = createHmac('sha256', hmacKey)
    .update(iv)
    .update(ciphertext)
    .digest()
    .subarray(0, MEDIA_MAC_BYTES);
  const bytes = Buffer.concat([ciphertext, mac]);
  return {
    bytes,
    metadata: {
      encrypted_hash: sha256(bytes).toString('base64'),
      iv: iv.toString('base64'),
      encryption_key: encryptionKey.toString('base64'),
      hmac_key: hmacKey.toString('base64'),
      plaintext_hash: plaintextHash.toString('base64'),
    },
  };
}

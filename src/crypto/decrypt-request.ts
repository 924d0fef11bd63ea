import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import { EndpointError } from '../errors/endpoint-error';
import { decodeBase64 } from './decode-base64';

const AES_KEY_BYTES = 16;
const IV_BYTES = 16;
const TAG_BYTES = 16;

/** The outer body WhatsApp posts: three Base64 strings. */
export interface Envelope {
  encrypted_flow_data: string;
  encrypted_aes_key: string;
  initial_vector: string;
}

/** A business private key with its fingerprint, for logs and metrics. */
export interface IdentifiedKey {
  id: string;
  key: KeyObject;
}

export interface DecryptedRequest {
  plaintext: Buffer;
  /** Kept to seal the answer with the same key. */
  aesKey: Buffer;
  iv: Buffer;
  /** Which private key opened it. */
  keyId: string;
}

/**
 * RSA-OAEP (SHA-256 for OAEP and MGF1) unwraps the AES-128 key, then AES-128-GCM opens the body.
 * While a key is rotated several are tried, newest first. Every failure is a 421, so that the
 * client re-fetches the public key and retries.
 */
export function decryptRequest(
  envelope: Envelope,
  privateKeys: readonly IdentifiedKey[],
): DecryptedRequest {
  const wrappedKey = decodeBase64(envelope.encrypted_aes_key, 'encrypted_aes_key');
  const iv = decodeBase64(envelope.initial_vector, 'initial_vector');
  const sealed = decodeBase64(envelope.encrypted_flow_data, 'encrypted_flow_data');
  if (iv.length !== IV_BYTES) {
    throw new EndpointError('decryption_failed', `initial_vector is ${iv.length} bytes, not 16`);
  }
  if (sealed.length < TAG_BYTES) {
    throw new EndpointError('decryption_failed', 'encrypted_flow_data is shorter than its tag');
  }

  let failure = 'AES key could not be unwrapped';
  for (const { id, key } of privateKeys) {
    let aesKey: Buffer;
    try {
      aesKey = privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        wrappedKey,
      );
    } catch {
      continue;
    }
    if (aesKey.length !== AES_KEY_BYTES) {
      failure = `AES key is ${aesKey.length} bytes, not 16`;
      continue;
    }
    const plaintext = openBody(sealed, aesKey, iv);
    if (plaintext) return { plaintext, aesKey, iv, keyId: id };
    failure = 'encrypted_flow_data failed authentication';
  }
  throw new EndpointError('decryption_failed', failure);
}

/** AES-128-GCM with the tag at the end; undefined when the tag does not match. */
function openBody(sealed: Buffer, aesKey: Buffer, iv: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

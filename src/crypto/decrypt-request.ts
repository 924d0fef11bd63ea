import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import { EndpointError } from '../errors/endpoint-error';
import type { Envelope } from '../protocol/parse-envelope';
import { decodeBase64 } from './decode-base64';

const AES_KEY_BYTES = 16;
const IV_BYTES = 16;
const TAG_BYTES = 16;

export interface DecryptedRequest {
  plaintext: Buffer;
  /** Kept to seal the answer with the same key. */
  aesKey: Buffer;
  iv: Buffer;
}

/**
 * RSA-OAEP (SHA-256 for OAEP and MGF1) unwraps the AES-128 key, then AES-128-GCM opens the body.
 * Every failure is a 421, so that the client re-fetches the public key and retries.
 */
export function decryptRequest(envelope: Envelope, privateKey: KeyObject): DecryptedRequest {
  const wrappedKey = decodeBase64(envelope.encrypted_aes_key, 'encrypted_aes_key');
  const iv = decodeBase64(envelope.initial_vector, 'initial_vector');
  const sealed = decodeBase64(envelope.encrypted_flow_data, 'encrypted_flow_data');

  let aesKey: Buffer;
  try {
    aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wrappedKey,
    );
  } catch (cause) {
    throw new EndpointError('decryption_failed', 'AES key could not be unwrapped', { cause });
  }
  if (aesKey.length !== AES_KEY_BYTES) {
    throw new EndpointError('decryption_failed', `AES key is ${aesKey.length} bytes, not 16`);
  }
  if (iv.length !== IV_BYTES) {
    throw new EndpointError('decryption_failed', `initial_vector is ${iv.length} bytes, not 16`);
  }
  if (sealed.length < TAG_BYTES) {
    throw new EndpointError('decryption_failed', 'encrypted_flow_data is shorter than its tag');
  }

  try {
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plaintext = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return { plaintext, aesKey, iv };
  } catch (cause) {
    throw new EndpointError('decryption_failed', 'encrypted_flow_data failed authentication', {
      cause,
    });
  }
}

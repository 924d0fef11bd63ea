import { constants, createCipheriv, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';

export interface SealedRequest {
  /** The JSON envelope exactly as posted. */
  body: string;
  aesKey: Buffer;
  iv: Buffer;
}

/**
 * Seals a request as the WhatsApp client does: a fresh AES-128-GCM key and IV for every request,
 * the key wrapped with RSA-OAEP-SHA256 under the business's public key. Takes bytes as well as
 * text so that callers can seal plaintexts that are not valid UTF-8.
 */
export function sealRequest(plaintext: string | Buffer, publicKey: KeyObject): SealedRequest {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const wrappedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    aesKey,
  );
  const body = JSON.stringify({
    encrypted_flow_data: sealed.toString('base64'),
    encrypted_aes_key: wrappedKey.toString('base64'),
    initial_vector: iv.toString('base64'),
  });
  return { body, aesKey, iv };
}

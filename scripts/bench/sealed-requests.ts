import {
  constants,
  createCipheriv,
  createHmac,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

export interface SealedBody {
  body: string;
  signature: string;
}

/**
 * Request bodies as WhatsApp sends them, each with its own fresh AES key and IV (a body is never
 * reused, so nothing on the server can cache its way past the RSA decryption), signed.
 */
export function sealedRequests(
  count: number,
  payload: (i: number) => unknown,
  publicKey: KeyObject,
  appSecret: string,
): SealedBody[] {
  return Array.from({ length: count }, (_, i) => {
    const aesKey = randomBytes(16);
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
    const sealed = Buffer.concat([
      cipher.update(JSON.stringify(payload(i))),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const wrapped = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      aesKey,
    );
    const body = JSON.stringify({
      encrypted_flow_data: sealed.toString('base64'),
      encrypted_aes_key: wrapped.toString('base64'),
      initial_vector: iv.toString('base64'),
    });
    return {
      body,
      signature: `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
    };
  });
}

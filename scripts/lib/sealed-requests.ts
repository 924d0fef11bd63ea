import type { KeyObject } from 'node:crypto';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';

/** A request body as WhatsApp sends it, signed, with what opens its answer. */
export interface SealedBody {
  body: Buffer;
  signature: string;
  aesKey: Buffer;
  iv: Buffer;
}

/**
 * `count` bodies, each with its own fresh AES key and IV (a body is never reused, so nothing on
 * the server can cache its way past the RSA decryption), signed with the app secret.
 */
export function sealedRequests(
  count: number,
  payload: (i: number) => unknown,
  publicKey: KeyObject,
  appSecret: string,
): SealedBody[] {
  return Array.from({ length: count }, (_, i) => {
    const { body, aesKey, iv } = sealRequest(JSON.stringify(payload(i)), publicKey);
    const bytes = Buffer.from(body);
    return { body: bytes, signature: signBody(bytes, appSecret), aesKey, iv };
  });
}

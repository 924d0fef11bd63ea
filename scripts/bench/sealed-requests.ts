import type { KeyObject } from 'node:crypto';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';

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
    const { body } = sealRequest(JSON.stringify(payload(i)), publicKey);
    return { body, signature: signBody(body, appSecret) };
  });
}

import { createCipheriv } from 'node:crypto';

/** The answer is sealed with the request's AES key and its IV with every bit inverted. */
export function encryptResponse(payload: unknown, aesKey: Buffer, iv: Buffer): string {
  const flippedIv = Buffer.allocUnsafe(iv.length);
  for (let i = 0; i < iv.length; i++) flippedIv[i] = ~(iv[i] ?? 0) & 0xff;
  const cipher = createCipheriv('aes-128-gcm', aesKey, flippedIv);
  return Buffer.concat([
    cipher.update(JSON.stringify(payload), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]).toString('base64');
}

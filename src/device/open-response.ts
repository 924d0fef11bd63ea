import { createDecipheriv } from 'node:crypto';

/** Opens an answer the way the device does: the request's AES key, the IV with every bit flipped. */
export function openResponse(base64: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = Buffer.from(base64, 'base64');
  const flipped = Buffer.from(iv.map((byte) => byte ^ 0xff));
  const decipher = createDecipheriv('aes-128-gcm', aesKey, flipped);
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString('utf8'));
}

import { createDecipheriv, randomBytes } from 'node:crypto';
import { encryptResponse } from '../../src/crypto/encrypt-response';
import { openResponse } from '../helpers/whatsapp-client';

describe('encryptResponse', () => {
  it('when an answer is sealed, then it opens with the same key and the inverted IV', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const sealed = encryptResponse({ screen: 'DETAILS', data: { a: 'é' } }, key, iv);
    expect(openResponse(sealed, key, iv)).toEqual({ screen: 'DETAILS', data: { a: 'é' } });
  });

  it('when an answer is opened with the request IV itself, then authentication fails', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = Buffer.from(encryptResponse({ data: {} }, key, iv), 'base64');
    const decipher = createDecipheriv('aes-128-gcm', key, iv);
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.update(data.subarray(0, data.length - 16));
    expect(() => decipher.final()).toThrow();
  });

  it('when an answer is sealed, then the IV it was given is left untouched', () => {
    const iv = Buffer.alloc(16, 0x0f);
    encryptResponse({ data: {} }, randomBytes(16), iv);
    expect(iv.equals(Buffer.alloc(16, 0x0f))).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptRequest } from '../../src/crypto/decrypt-request';
import { encryptResponse } from '../../src/crypto/encrypt-response';
import { businessPrivateKey } from '../helpers/test-keys';

/** Made with Python's cryptography package, not with this project's code. */
const vector = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'known-answer.json'), 'utf8'),
) as {
  aes_key_hex: string;
  iv_hex: string;
  request: { encrypted_aes_key: string; initial_vector: string; encrypted_flow_data: string };
  request_plaintext: string;
  response_plaintext: string;
  response_base64: string;
};

describe('known-answer vector', () => {
  it('when the vector request is decrypted, then the AES key, IV and plaintext are the known ones', () => {
    const { plaintext, aesKey, iv } = decryptRequest(vector.request, [
      { id: 'fixture', key: businessPrivateKey },
    ]);
    expect(aesKey.toString('hex')).toBe(vector.aes_key_hex);
    expect(iv.toString('hex')).toBe(vector.iv_hex);
    expect(plaintext.toString('utf8')).toBe(vector.request_plaintext);
  });

  it('when the vector response is sealed, then it matches the known ciphertext byte for byte', () => {
    const sealed = encryptResponse(
      JSON.parse(vector.response_plaintext),
      Buffer.from(vector.aes_key_hex, 'hex'),
      Buffer.from(vector.iv_hex, 'hex'),
    );
    expect(sealed).toBe(vector.response_base64);
  });
});

import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { decryptRequest } from '../../src/crypto/decrypt-request';
import { EndpointError } from '../../src/errors/endpoint-error';
import type { Envelope } from '../../src/protocol/parse-envelope';
import { businessPrivateKey, businessPublicKey } from '../helpers/test-keys';

const KEYS = [{ id: 'business', key: businessPrivateKey }];
import { sealRequest } from '../helpers/whatsapp-client';

const envelopeOf = (payload: unknown): Envelope =>
  JSON.parse(sealRequest(payload).body) as Envelope;

function expectDecryptionFailure(envelope: Envelope, reason: RegExp): void {
  let caught: unknown;
  try {
    decryptRequest(envelope, KEYS);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(EndpointError);
  expect((caught as EndpointError).status).toBe(421);
  expect((caught as EndpointError).message).toMatch(reason);
}

describe('decryptRequest', () => {
  it('when a request is sealed with the business public key, then it opens to the same JSON', () => {
    const { plaintext } = decryptRequest(envelopeOf({ action: 'ping', version: '3.0' }), KEYS);
    expect(JSON.parse(plaintext.toString('utf8'))).toEqual({ action: 'ping', version: '3.0' });
  });

  it('when the AES key was wrapped for another key pair, then it is a 421', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const envelope = JSON.parse(sealRequest({ action: 'ping' }, other.publicKey).body) as Envelope;
    expectDecryptionFailure(envelope, /unwrapped/);
  });

  it('when the GCM tag does not match, then it is a 421', () => {
    const envelope = envelopeOf({ action: 'ping' });
    const data = Buffer.from(envelope.encrypted_flow_data, 'base64');
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    expectDecryptionFailure(
      { ...envelope, encrypted_flow_data: data.toString('base64') },
      /authentication/,
    );
  });

  it('when the ciphertext is altered, then it is a 421', () => {
    const envelope = envelopeOf({ action: 'ping' });
    const data = Buffer.from(envelope.encrypted_flow_data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0x80;
    expectDecryptionFailure(
      { ...envelope, encrypted_flow_data: data.toString('base64') },
      /authentication/,
    );
  });

  it('when a field is not Base64, then it is a 421 naming the field', () => {
    expectDecryptionFailure(
      { ...envelopeOf({ action: 'ping' }), initial_vector: 'not*base64!' },
      /initial_vector/,
    );
    expectDecryptionFailure(
      { ...envelopeOf({ action: 'ping' }), encrypted_aes_key: '@@@@' },
      /encrypted_aes_key/,
    );
  });

  it('when the IV is not 16 bytes, then it is a 421', () => {
    const envelope = envelopeOf({ action: 'ping' });
    expectDecryptionFailure(
      { ...envelope, initial_vector: Buffer.alloc(12).toString('base64') },
      /12 bytes/,
    );
  });

  it('when the sealed data is shorter than a tag, then it is a 421', () => {
    const envelope = envelopeOf({ action: 'ping' });
    expectDecryptionFailure(
      { ...envelope, encrypted_flow_data: Buffer.alloc(8).toString('base64') },
      /shorter/,
    );
  });

  it('when the unwrapped key is not 16 bytes, then it is a 421', () => {
    const wrapped = publicEncrypt(
      { key: businessPublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.alloc(32, 7),
    );
    const envelope = {
      ...envelopeOf({ action: 'ping' }),
      encrypted_aes_key: wrapped.toString('base64'),
    };
    expectDecryptionFailure(envelope, /32 bytes, not 16/);
  });

  it('when Base64 is line-wrapped, then it still opens', () => {
    const envelope = envelopeOf({ action: 'ping' });
    const wrapped = envelope.encrypted_aes_key.replace(/(.{76})/g, '$1\n');
    expect(() => decryptRequest({ ...envelope, encrypted_aes_key: wrapped }, KEYS)).not.toThrow();
  });
});

import { verifySignature } from '../../src/crypto/verify-signature';
import type { EndpointError } from '../../src/errors/endpoint-error';
import { sign } from '../helpers/whatsapp-client';

const body = Buffer.from('{"encrypted_flow_data":"x"}');

function failure(header: string | undefined, secrets: string[]): EndpointError {
  try {
    verifySignature(body, header, secrets);
  } catch (err) {
    return err as EndpointError;
  }
  throw new Error('expected the signature to be refused');
}

describe('verifySignature', () => {
  it('when the header is the HMAC of the raw bytes with the secret, then it passes', () => {
    expect(() => verifySignature(body, sign(body, 's3cret'), ['s3cret'])).not.toThrow();
  });

  it('when the hex digest is upper case, then it still passes', () => {
    const header = `sha256=${sign(body, 's3cret').slice('sha256='.length).toUpperCase()}`;
    expect(() => verifySignature(body, header, ['s3cret'])).not.toThrow();
  });

  it('when the secret is being rotated, then a signature with the old or the new one passes', () => {
    expect(() => verifySignature(body, sign(body, 'new'), ['new', 'old'])).not.toThrow();
    expect(() => verifySignature(body, sign(body, 'old'), ['new', 'old'])).not.toThrow();
  });

  it('when the header is missing, then it is a 432', () => {
    const error = failure(undefined, ['s3cret']);
    expect(error.status).toBe(432);
    expect(error.message).toMatch(/missing/);
  });

  it.each([
    ['no prefix', 'abc'],
    ['wrong algorithm', `sha1=${'a'.repeat(40)}`],
    ['short digest', 'sha256=abcd'],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['empty', ''],
  ])('when the header is malformed (%s), then it is a 432', (_case, header) => {
    const error = failure(header, ['s3cret']);
    expect(error.status).toBe(432);
    expect(error.message).toMatch(/malformed/);
  });

  it('when the signature was made with another secret, then it is a 432', () => {
    const error = failure(sign(body, 'other'), ['s3cret']);
    expect(error.status).toBe(432);
    expect(error.message).toMatch(/does not match/);
  });

  it('when the body differs by one byte from what was signed, then it is a 432', () => {
    const error = failure(sign(Buffer.from('{"encrypted_flow_data":"y"}'), 's3cret'), ['s3cret']);
    expect(error.status).toBe(432);
  });
});

import { randomBytes } from 'node:crypto';
import { EndpointError } from '../../src/errors/endpoint-error';
import { createSecretsKeyring, masterKeyId } from '../../src/tenants/secrets-keyring';

const KEY = Buffer.from('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', 'base64');
const ACME_API_KEY = { tenantId: 'acme', field: 'd360ApiKey' };

/**
 * Made apart from this code, with Python's `cryptography`:
 *   AESGCM(bytes(range(32))).encrypt(bytes.fromhex('000102030405060708090a0b'),
 *     b'D360-key-of-acme', b'acme\x00d360ApiKey')
 * then `v1.<sha256(key)[:8]>.<iv>.<ciphertext+tag>` in unpadded base64url.
 */
const PYTHON_SEALED = 'v1.630dcd29.AAECAwQFBgcICQoL.AzHgK-iOp2KgLvGm0IoVCD1VyuyUFYiLuoRqWc8WaZ4';

function openError(open: () => string): EndpointError {
  try {
    open();
  } catch (err) {
    if (err instanceof EndpointError) return err;
    throw err;
  }
  throw new Error('expected the value not to open');
}

describe('the secrets keyring (AES-256-GCM under TENANT_SECRETS_KEY)', () => {
  it('when a value sealed by an independent AES-GCM implementation is opened, then it gives the plaintext', () => {
    expect(createSecretsKeyring(KEY).open(PYTHON_SEALED, ACME_API_KEY)).toBe('D360-key-of-acme');
  });

  it('when a value is sealed, then it names the key id and opens to the same text', () => {
    const keyring = createSecretsKeyring(KEY);
    const sealed = keyring.seal('s3cret', ACME_API_KEY);
    expect(sealed).toMatch(/^v1\.630dcd29\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain('s3cret');
    expect(keyring.open(sealed, ACME_API_KEY)).toBe('s3cret');
    expect(keyring.currentKeyId).toBe(masterKeyId(KEY));
  });

  it('when a sealed value is moved to another tenant or field, then it does not open', () => {
    const keyring = createSecretsKeyring(KEY);
    const sealed = keyring.seal('s3cret', ACME_API_KEY);
    const moved = openError(() =>
      keyring.open(sealed, { tenantId: 'globex', field: 'd360ApiKey' }),
    );
    expect(moved.status).toBe(500);
    expect(moved.message).toMatch(/another tenant or field/);
    expect(() => keyring.open(sealed, { tenantId: 'acme', field: 'accessToken' })).toThrow(
      EndpointError,
    );
  });

  it('when a sealed value is tampered with or malformed, then it does not open and never shows the value', () => {
    const keyring = createSecretsKeyring(KEY);
    const sealed = keyring.seal('s3cret', ACME_API_KEY);
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BA' : 'AA');
    expect(openError(() => keyring.open(flipped, ACME_API_KEY)).message).not.toContain('s3cret');
    expect(openError(() => keyring.open('v2.x.y.z', ACME_API_KEY)).message).toMatch(
      /not a sealed value/,
    );
    expect(openError(() => keyring.open('v1.630dcd29.AA.AA', ACME_API_KEY)).message).toMatch(
      /malformed/,
    );
  });

  it('when a new master key is rolled in, then values sealed under the previous one still open, and are not current', () => {
    const before = createSecretsKeyring(KEY);
    const sealed = before.seal('s3cret', ACME_API_KEY);
    const after = createSecretsKeyring(randomBytes(32), [KEY]);
    expect(after.open(sealed, ACME_API_KEY)).toBe('s3cret');
    expect(after.isCurrent(sealed)).toBe(false);
    expect(after.isCurrent(after.seal('s3cret', ACME_API_KEY))).toBe(true);
  });

  it('when the key it was sealed under is gone, then the error names the key id and the variables', () => {
    const sealed = createSecretsKeyring(KEY).seal('s3cret', ACME_API_KEY);
    const message = openError(() =>
      createSecretsKeyring(randomBytes(32)).open(sealed, ACME_API_KEY),
    ).message;
    expect(message).toMatch(/630dcd29/);
    expect(message).toMatch(/TENANT_SECRETS_PREVIOUS_KEYS/);
  });
});

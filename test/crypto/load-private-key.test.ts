import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../../src/errors/config-error';
import { loadPrivateKey } from '../../src/crypto/load-private-key';
import { businessPrivateKey, fixturePem } from '../helpers/test-keys';

const PASSPHRASE = 'test-passphrase';
const SOURCE = 'PRIVATE_KEY_PATH (/etc/flows/private.pem)';

function loadError(pem: string, passphrase?: string, source = SOURCE): ConfigError {
  try {
    loadPrivateKey(pem, passphrase, source);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadPrivateKey to refuse the key');
}

/** Every RSA-2048 fixture holds the same key, in a different encoding. */
function expectBusinessKey(key: KeyObject): void {
  expect(key.type).toBe('private');
  expect(key.asymmetricKeyType).toBe('rsa');
  expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  expect(key.equals(businessPrivateKey)).toBe(true);
}

/** How some platforms store a multi-line variable: one line with literal backslash-n. */
const escapeNewlines = (pem: string) => pem.trimEnd().replace(/\n/g, '\\n');

describe('loadPrivateKey', () => {
  it.each(['rsa-2048-pkcs8.pem', 'rsa-2048-pkcs1.pem'])(
    'when the key is an unencrypted %s, then it loads',
    (fixture) => {
      expectBusinessKey(loadPrivateKey(fixturePem(fixture), undefined, SOURCE));
    },
  );

  it.each(['rsa-2048-pkcs1-des3.pem', 'rsa-2048-pkcs8-encrypted.pem'])(
    'when the key is an encrypted %s and PASSPHRASE is right, then it loads',
    (fixture) => {
      expectBusinessKey(loadPrivateKey(fixturePem(fixture), PASSPHRASE, SOURCE));
    },
  );

  it('when PASSPHRASE is set but the key is not encrypted, then the key still loads', () => {
    expectBusinessKey(loadPrivateKey(fixturePem('rsa-2048-pkcs8.pem'), 'stale', SOURCE));
  });

  it.each(['rsa-2048-pkcs1-des3.pem', 'rsa-2048-pkcs8-encrypted.pem'])(
    'when the key is an encrypted %s and PASSPHRASE is unset, then the error asks for PASSPHRASE',
    (fixture) => {
      expect(loadError(fixturePem(fixture)).problems).toEqual([
        `${SOURCE} holds an encrypted key: set PASSPHRASE to its passphrase`,
      ]);
    },
  );

  it.each(['rsa-2048-pkcs1-des3.pem', 'rsa-2048-pkcs8-encrypted.pem'])(
    'when the key is an encrypted %s and PASSPHRASE is wrong, then the error names PASSPHRASE',
    (fixture) => {
      expect(loadError(fixturePem(fixture), 'wrong-passphrase').problems).toEqual([
        `PASSPHRASE does not decrypt the key in ${SOURCE}: check PASSPHRASE`,
      ]);
    },
  );

  it('when the key has 1024 bits, then the error names its size and the 2048 needed', () => {
    const [problem] = loadError(fixturePem('rsa-1024.pem')).problems;
    expect(problem).toContain(`${SOURCE} holds a 1024-bit RSA key`);
    expect(problem).toContain('needs at least 2048 bits');
  });

  it('when the key is an EC key, then the error says an RSA key is needed', () => {
    const [problem] = loadError(fixturePem('ec-p256.pem')).problems;
    expect(problem).toContain(`${SOURCE} holds a ec key`);
    expect(problem).toContain('needs an RSA key of 2048 bits');
  });

  it.each([
    ['a public key', fixturePem('rsa-2048-public.pem')],
    ['garbage', 'not a key at all'],
    ['empty', ''],
    ['a truncated PEM', fixturePem('rsa-2048-pkcs8.pem').slice(0, 200)],
  ])(
    'when the text is %s, then the error says it does not hold a PEM private key',
    (_case, pem) => {
      expect(loadError(pem).problems).toEqual([
        `${SOURCE} does not hold a PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")`,
      ]);
    },
  );

  it('when the PEM arrives on one line with literal "\\n" sequences, then it loads', () => {
    const pem = escapeNewlines(fixturePem('rsa-2048-pkcs8.pem'));
    expect(pem).not.toContain('\n');
    expectBusinessKey(loadPrivateKey(pem, undefined, 'PRIVATE_KEY'));
  });

  it('when an encrypted PKCS#1 PEM arrives with literal "\\n" sequences, then its headers survive and it loads', () => {
    const pem = escapeNewlines(fixturePem('rsa-2048-pkcs1-des3.pem'));
    expectBusinessKey(loadPrivateKey(pem, PASSPHRASE, 'PRIVATE_KEY'));
  });

  it('when a PEM with literal "\\n" sequences ends in a real newline, then it still loads', () => {
    const pem = `${escapeNewlines(fixturePem('rsa-2048-pkcs8.pem'))}\n`;
    expectBusinessKey(loadPrivateKey(pem, undefined, 'PRIVATE_KEY'));
  });

  it('when the key came from PRIVATE_KEY, then the message names PRIVATE_KEY', () => {
    expect(loadError('garbage', undefined, 'PRIVATE_KEY').message).toMatch(
      /^configuration invalid:\n {2}- PRIVATE_KEY does not hold a PEM private key/,
    );
  });
});

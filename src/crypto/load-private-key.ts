import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/config-error';

const MIN_RSA_BITS = 2048;

/**
 * Parses the business private key once, at start-up. PKCS#1 or PKCS#8, encrypted or not.
 * `source` names where the key came from, so every message says what to fix.
 */
export function loadPrivateKey(
  pem: string,
  passphrase: string | undefined,
  source: string,
): KeyObject {
  // Some platforms store multi-line variables with literal "\n", sometimes plus a real trailing
  // newline. PEM text never holds a backslash, so replacing every "\n" is always safe.
  const text = pem.replace(/\\n/g, '\n');
  const encrypted = /ENCRYPTED/.test(text);
  if (encrypted && passphrase === undefined) {
    throw new ConfigError([`${source} holds an encrypted key: set PASSPHRASE to its passphrase`]);
  }

  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', passphrase });
  } catch {
    throw new ConfigError([
      encrypted
        ? `PASSPHRASE does not decrypt the key in ${source}: check PASSPHRASE`
        : `${source} does not hold a PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")`,
    ]);
  }

  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError([
      `${source} holds a ${key.asymmetricKeyType ?? 'non-RSA'} key; WhatsApp Flows needs an RSA key of ${MIN_RSA_BITS} bits: generate one with "npm run keys -- generate"`,
    ]);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new ConfigError([
      `${source} holds a ${bits}-bit RSA key; WhatsApp Flows needs at least ${MIN_RSA_BITS} bits: generate one with "npm run keys -- generate"`,
    ]);
  }
  return key;
}

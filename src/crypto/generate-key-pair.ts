import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A key is there already: replacing it would break the uploaded key, so only when asked. */
export class KeyPairExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists`);
    this.name = 'KeyPairExistsError';
  }
}

export interface KeyPairFiles {
  privatePath: string;
  publicPath: string;
  publicPem: string;
}

/**
 * Writes an RSA-2048 pair: PKCS#8 private key (AES-256 encrypted when a passphrase is given,
 * readable by the owner only) and the SPKI public key to upload to WhatsApp.
 */
export function generateKeyPair(
  dir: string,
  options: { passphrase?: string; force?: boolean } = {},
): KeyPairFiles {
  const privatePath = join(dir, 'private.pem');
  const publicPath = join(dir, 'public.pem');
  const existing = [privatePath, publicPath].find((path) => existsSync(path));
  if (!options.force && existing !== undefined) throw new KeyPairExistsError(existing);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: options.passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
  mkdirSync(dir, { recursive: true });
  // `mode` applies only when a file is created: remove a replaced key first, or --force over a
  // world-readable private.pem would leave the new key world-readable.
  rmSync(privatePath, { force: true });
  writeFileSync(privatePath, privateKey, { mode: 0o600 });
  writeFileSync(publicPath, publicKey, { mode: 0o644 });
  return { privatePath, publicPath, publicPem: publicKey };
}

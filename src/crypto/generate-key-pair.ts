import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  if (!options.force && (existsSync(privatePath) || existsSync(publicPath))) {
    throw new Error(`${privatePath} or ${publicPath} already exists; pass --force to replace them`);
  }
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

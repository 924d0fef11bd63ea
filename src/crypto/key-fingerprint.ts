import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * A short id of a key pair (SHA-256 of its public key), safe to log and to label metrics with.
 * The private key or the public key give the same id.
 */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

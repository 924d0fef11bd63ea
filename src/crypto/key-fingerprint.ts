import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** A short id of a key pair (SHA-256 of its public key), safe to log and to label metrics with. */
export function keyFingerprint(privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

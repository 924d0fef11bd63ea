import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_KEYS = join(__dirname, '..', 'fixtures', 'keys');

export function fixturePem(name: string): string {
  return readFileSync(join(FIXTURE_KEYS, name), 'utf8');
}

/** The business key pair used by most tests (a committed test-only fixture). */
export const businessPrivateKey: KeyObject = createPrivateKey(fixturePem('rsa-2048-pkcs8.pem'));
export const businessPublicKey: KeyObject = createPublicKey(businessPrivateKey);

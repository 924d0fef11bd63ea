import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { EndpointError } from '../errors/endpoint-error';

/** The version of the sealed format: `v1.<keyId>.<iv>.<ciphertext+tag>`, each part base64url. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

/** What a sealed value is bound to: it opens only for the same tenant and field. */
export interface SealedFor {
  tenantId: string;
  field: string;
}

/**
 * AES-256-GCM under the deployment's master key, for tenants' secrets and private keys at rest.
 * Values sealed under a previous master key still open, so a new key can be rolled in and
 * everything re-sealed (`tenants rekey`) while serving.
 */
export interface SecretsKeyring {
  /** The id of the key new values are sealed under. */
  readonly currentKeyId: string;
  seal(plaintext: string, aad: SealedFor): string;
  /** Throws an EndpointError (internal) when the value is malformed, tampered or moved. */
  open(sealed: string, aad: SealedFor): string;
  /** Whether the value was sealed under the current key (else `rekey` re-seals it). */
  isCurrent(sealed: string): boolean;
}

/** A master key's id: the first 8 hex digits of its SHA-256, so ids never reveal the key. */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Tenant id and field, separated by a byte neither may contain. */
const additionalData = ({ tenantId, field }: SealedFor) => Buffer.from(`${tenantId}\0${field}`);

export function createSecretsKeyring(
  current: Buffer,
  previous: readonly Buffer[] = [],
): SecretsKeyring {
  for (const key of [current, ...previous]) {
    if (key.length !== MASTER_KEY_BYTES) throw new Error('a master key must be 32 bytes');
  }
  const currentKeyId = masterKeyId(current);
  const keys = new Map<string, Buffer>();
  // The current key wins should a previous one be listed again.
  for (const key of [...previous].reverse()) keys.set(masterKeyId(key), key);
  keys.set(currentKeyId, current);

  const cannotOpen = (aad: SealedFor, why: string) =>
    new EndpointError('internal', `tenant ${aad.tenantId}: ${aad.field} cannot be opened (${why})`);

  return {
    currentKeyId,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(additionalData(aad));
      const sealed = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return [VERSION, currentKeyId, iv.toString('base64url'), sealed.toString('base64url')].join(
        '.',
      );
    },
    open(sealed, aad) {
      const [version, keyId = '', ivText = '', body = '', ...rest] = sealed.split('.');
      if (version !== VERSION || rest.length > 0) throw cannotOpen(aad, 'not a sealed value');
      const key = keys.get(keyId);
      if (!key) {
        throw cannotOpen(
          aad,
          `sealed under master key ${keyId}, which is neither TENANT_SECRETS_KEY nor in TENANT_SECRETS_PREVIOUS_KEYS`,
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const data = Buffer.from(body, 'base64url');
      if (iv.length !== IV_BYTES || data.length < TAG_BYTES) throw cannotOpen(aad, 'malformed');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(additionalData(aad));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(0, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        throw cannotOpen(aad, 'tampered, or sealed for another tenant or field');
      }
    },
    isCurrent(sealed) {
      return sealed.split('.')[1] === currentKeyId;
    },
  };
}

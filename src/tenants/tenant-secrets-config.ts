import { z } from 'zod';
import { configPart, optional } from '../config/config-part';
import { splitSecrets } from '../config/config-schema';
import { createSecretsKeyring, MASTER_KEY_BYTES, type SecretsKeyring } from './secrets-keyring';

const FIX = `must be ${MASTER_KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`;

/** A master key as written in the environment: 32 bytes, base64 (or base64url). */
function decodeMasterKey(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === MASTER_KEY_BYTES ? key : undefined;
}

const masterKey = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const key = decodeMasterKey(text);
    if (key === undefined) {
      ctx.addIssue({ code: 'custom', message: FIX });
      return z.NEVER;
    }
    return key;
  });

const previousKeys = z.string().transform((text, ctx) => {
  const keys: Buffer[] = [];
  for (const [index, item] of splitSecrets(text).entries()) {
    const key = decodeMasterKey(item);
    if (key === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `item ${index + 1} ${FIX}; list the keys being rolled out, comma-separated`,
      });
      return z.NEVER;
    }
    keys.push(key);
  }
  return keys;
});

/**
 * Partner mode's master key: tenants' secrets and private keys are sealed under
 * TENANT_SECRETS_KEY; TENANT_SECRETS_PREVIOUS_KEYS still open what was sealed before a new key
 * was rolled in. Unset, the deployment serves a single business, as without partner mode.
 */
export const tenantSecretsConfigPart = configPart({
  schema: z.object({
    TENANT_SECRETS_KEY: optional(masterKey.optional()),
    TENANT_SECRETS_PREVIOUS_KEYS: optional(previousKeys.optional()),
  }),
  rules: (vars) =>
    vars.TENANT_SECRETS_KEY === undefined && (vars.TENANT_SECRETS_PREVIOUS_KEYS ?? []).length > 0
      ? [
          {
            variable: 'TENANT_SECRETS_KEY',
            message:
              'is required when TENANT_SECRETS_PREVIOUS_KEYS is set: set it to the new master key (openssl rand -base64 32)',
          },
        ]
      : [],
  settings: (vars): SecretsKeyring | undefined =>
    vars.TENANT_SECRETS_KEY === undefined
      ? undefined
      : createSecretsKeyring(vars.TENANT_SECRETS_KEY, vars.TENANT_SECRETS_PREVIOUS_KEYS ?? []),
});

import { loadConfigPart } from '../../src/config/config-part';
import { ConfigError } from '../../src/errors/config-error';
import { tenantSecretsConfigPart } from '../../src/tenants/tenant-secrets-config';

const KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const OTHER = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfigPart(env, tenantSecretsConfigPart);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('TENANT_SECRETS_KEY and TENANT_SECRETS_PREVIOUS_KEYS', () => {
  it('when neither is set, then partner mode is off', () => {
    expect(loadConfigPart({}, tenantSecretsConfigPart)).toBeUndefined();
    expect(loadConfigPart({ TENANT_SECRETS_KEY: '' }, tenantSecretsConfigPart)).toBeUndefined();
  });

  it('when the key is 32 bytes of base64, then the keyring seals under its id', () => {
    const keyring = loadConfigPart({ TENANT_SECRETS_KEY: KEY }, tenantSecretsConfigPart);
    expect(keyring?.currentKeyId).toBe('630dcd29');
  });

  it('when previous keys are listed, then what they sealed opens', () => {
    const old = loadConfigPart({ TENANT_SECRETS_KEY: OTHER }, tenantSecretsConfigPart);
    const sealed = old?.seal('s3cret', { tenantId: 'acme', field: 'webhookSecret' }) ?? '';
    const keyring = loadConfigPart(
      { TENANT_SECRETS_KEY: KEY, TENANT_SECRETS_PREVIOUS_KEYS: ` ${OTHER} ,` },
      tenantSecretsConfigPart,
    );
    expect(keyring?.open(sealed, { tenantId: 'acme', field: 'webhookSecret' })).toBe('s3cret');
  });

  it.each([
    ['too short', Buffer.alloc(16).toString('base64')],
    ['not base64', 'this is not a key at all, not even close!!!'],
    ['a hex string', 'ab'.repeat(32)],
  ])('when the key is %s, then the problem names the variable and how to make one', (_, value) => {
    expect(problems({ TENANT_SECRETS_KEY: value })).toEqual([
      'TENANT_SECRETS_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
    ]);
  });

  it('when a previous key is not a key, then the problem names which one', () => {
    expect(
      problems({ TENANT_SECRETS_KEY: KEY, TENANT_SECRETS_PREVIOUS_KEYS: `${OTHER},nope` }),
    ).toEqual([
      'TENANT_SECRETS_PREVIOUS_KEYS item 2 must be 32 random bytes in base64 (openssl rand -base64 32); list the keys being rolled out, comma-separated',
    ]);
  });

  it('when previous keys are set without a current key, then it says to set the new one', () => {
    expect(problems({ TENANT_SECRETS_PREVIOUS_KEYS: OTHER })).toEqual([
      'TENANT_SECRETS_KEY is required when TENANT_SECRETS_PREVIOUS_KEYS is set: set it to the new master key (openssl rand -base64 32)',
    ]);
  });
});

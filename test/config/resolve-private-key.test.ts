import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors/config-error';
import type { Config } from '../../src/config/load-config';
import { resolvePrivateKeys } from '../../src/config/resolve-private-key';
import { businessPrivateKey, FIXTURE_KEYS, fixturePem } from '../helpers/test-keys';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'resolve-private-key-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function config(
  privateKey: Partial<Config['privateKey']>,
  nodeEnv: Config['nodeEnv'] = 'development',
): Config {
  return {
    nodeEnv,
    production: nodeEnv === 'production',
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    privateKey: {
      pem: undefined,
      paths: [join(tmp, 'keys', 'private.pem')],
      pathIsDefault: true,
      passphrase: undefined,
      ...privateKey,
    },
    appSecrets: nodeEnv === 'production' ? ['secret'] : [],
    requestSignatures: 'on',
    flowValidation: 'strict',
    storeUrl: 'sqlite:data/flows.db',
    flowTokenSecret: 'development-only',
    flowTokenSecretIsDefault: true,
    sessionTtlSeconds: 86400,
    metricsToken: undefined,
    trustProxy: false,
    webConcurrency: 1,
    shutdownDelayMs: 0,
  };
}

function resolveError(cfg: Config): ConfigError {
  try {
    resolvePrivateKeys(cfg);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected resolvePrivateKey to refuse');
}

describe('resolvePrivateKeys', () => {
  it('when PRIVATE_KEY_PATH lists several files, then every key is loaded, newest first', () => {
    const resolved = resolvePrivateKeys(
      config({
        paths: [join(FIXTURE_KEYS, 'rsa-2048-pkcs8.pem'), join(FIXTURE_KEYS, 'rsa-2048-pkcs1.pem')],
        pathIsDefault: false,
      }),
    );
    expect(resolved.keys).toHaveLength(2);
    expect(resolved.keys.every((key) => key.equals(businessPrivateKey))).toBe(true);
  });

  it('when PASSPHRASE lists one passphrase per key, then each key gets its own', () => {
    const resolved = resolvePrivateKeys(
      config({
        paths: [
          join(FIXTURE_KEYS, 'rsa-2048-pkcs1.pem'),
          join(FIXTURE_KEYS, 'rsa-2048-pkcs1-des3.pem'),
        ],
        pathIsDefault: false,
        passphrase: 'unused,test-passphrase',
      }),
    );
    expect(resolved.keys).toHaveLength(2);
  });

  it('when one of several key files is missing, then start-up names that one', () => {
    const missing = join(tmp, 'old.pem');
    const error = resolveError(
      config({ paths: [join(FIXTURE_KEYS, 'rsa-2048-pkcs8.pem'), missing], pathIsDefault: false }),
    );
    expect(error.problems).toEqual([`PRIVATE_KEY_PATH (key 2: ${missing}) is not a file`]);
  });

  it('when PRIVATE_KEY and PRIVATE_KEY_PATH are both set, then PRIVATE_KEY wins', () => {
    const resolved = resolvePrivateKeys(
      config({
        pem: fixturePem('rsa-2048-pkcs8.pem'),
        paths: [join(FIXTURE_KEYS, 'ec-p256.pem')],
        pathIsDefault: false,
      }),
    );
    expect(resolved.keys[0]?.equals(businessPrivateKey)).toBe(true);
    expect(resolved.generated).toBeUndefined();
  });

  it('when PRIVATE_KEY holds a bad key, then the error names PRIVATE_KEY', () => {
    const error = resolveError(config({ pem: 'garbage' }));
    expect(error.problems).toEqual([expect.stringMatching(/^PRIVATE_KEY does not hold/)]);
  });

  it('when only PRIVATE_KEY_PATH is set, then the key is read from that file', () => {
    const resolved = resolvePrivateKeys(
      config({ paths: [join(FIXTURE_KEYS, 'rsa-2048-pkcs1.pem')], pathIsDefault: false }),
    );
    expect(resolved.keys[0]?.equals(businessPrivateKey)).toBe(true);
    expect(resolved.generated).toBeUndefined();
  });

  it('when the file at PRIVATE_KEY_PATH is encrypted, then PASSPHRASE opens it', () => {
    const resolved = resolvePrivateKeys(
      config({
        paths: [join(FIXTURE_KEYS, 'rsa-2048-pkcs1-des3.pem')],
        pathIsDefault: false,
        passphrase: 'test-passphrase',
      }),
    );
    expect(resolved.keys[0]?.equals(businessPrivateKey)).toBe(true);
  });

  it('when the file at PRIVATE_KEY_PATH is bad, then the error names PRIVATE_KEY_PATH and the path', () => {
    const path = join(FIXTURE_KEYS, 'rsa-1024.pem');
    const error = resolveError(config({ paths: [path], pathIsDefault: false }));
    expect(error.problems).toEqual([
      expect.stringMatching(/^PRIVATE_KEY_PATH \(.*\) holds a 1024-bit RSA key/),
    ]);
    expect(error.message).toContain(`PRIVATE_KEY_PATH (${path})`);
  });

  it('when PRIVATE_KEY_PATH is a directory, then the error names PRIVATE_KEY_PATH and the path', () => {
    const error = resolveError(config({ paths: [tmp], pathIsDefault: false }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^PRIVATE_KEY_PATH \(.*\) cannot be read: EISDIR/);
    expect(error.problems[0]).toContain(`(${tmp})`);
  });

  it('when the default key file exists in production, then it is used', () => {
    const path = join(tmp, 'private.pem');
    writeFileSync(path, fixturePem('rsa-2048-pkcs8.pem'));
    const resolved = resolvePrivateKeys(config({ paths: [path] }, 'production'));
    expect(resolved.keys[0]?.equals(businessPrivateKey)).toBe(true);
    expect(resolved.generated).toBeUndefined();
  });

  it('when development has no key at the default path, then it generates a pair in that directory', () => {
    const dir = join(tmp, 'keys');
    const resolved = resolvePrivateKeys(config({}));

    expect(resolved.generated).toEqual({
      privatePath: join(dir, 'private.pem'),
      publicPath: join(dir, 'public.pem'),
      publicPem: readFileSync(join(dir, 'public.pem'), 'utf8'),
    });
    expect(statSync(join(dir, 'private.pem')).mode & 0o777).toBe(0o600);
    expect(resolved.keys[0]?.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // The loaded key is the one written to disk, and public.pem is its public half.
    expect(resolved.keys[0]?.equals(createPrivateKey(readFileSync(join(dir, 'private.pem'))))).toBe(
      true,
    );
    expect(
      createPublicKey(resolved.keys[0] as KeyObject).equals(
        createPublicKey(readFileSync(join(dir, 'public.pem'))),
      ),
    ).toBe(true);
  });

  it('when development generates a key with PASSPHRASE set, then the file is encrypted with it', () => {
    const resolved = resolvePrivateKeys(config({ passphrase: 'dev-pass' }));
    const pem = readFileSync(join(tmp, 'keys', 'private.pem'), 'utf8');

    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(resolved.keys[0]?.equals(createPrivateKey({ key: pem, passphrase: 'dev-pass' }))).toBe(
      true,
    );
  });

  it('when development starts a second time, then it reuses the generated key', () => {
    const first = resolvePrivateKeys(config({}));
    const second = resolvePrivateKeys(config({}));

    expect(second.generated).toBeUndefined();
    expect(second.keys[0]?.equals(first.keys[0] as KeyObject)).toBe(true);
  });

  it('when production has no key, then the error names PRIVATE_KEY and PRIVATE_KEY_PATH and nothing is generated', () => {
    const cfg = config({}, 'production');
    const error = resolveError(cfg);

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^no private key: PRIVATE_KEY is not set/);
    expect(error.problems[0]).toContain(
      `PRIVATE_KEY_PATH (${cfg.privateKey.paths[0]}) is not a file`,
    );
    expect(existsSync(join(tmp, 'keys'))).toBe(false);
  });

  it('when PRIVATE_KEY_PATH is set explicitly to a missing file, then it refuses without generating', () => {
    const path = join(tmp, 'keys', 'private.pem');
    const error = resolveError(config({ paths: [path], pathIsDefault: false }));

    expect(error.problems[0]).toContain(`PRIVATE_KEY_PATH (${path}) is not a file`);
    expect(existsSync(join(tmp, 'keys'))).toBe(false);
  });

  it('when only a stray public.pem sits at the default location, then it refuses cleanly and keeps that file', () => {
    const dir = join(tmp, 'keys');
    const publicPem = fixturePem('rsa-2048-public.pem');
    mkdirSync(dir);
    writeFileSync(join(dir, 'public.pem'), publicPem);

    const error = resolveError(config({}));

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`PRIVATE_KEY_PATH (${join(dir, 'private.pem')})`);
    expect(error.problems[0]).toContain('already exists');
    expect(readFileSync(join(dir, 'public.pem'), 'utf8')).toBe(publicPem);
    expect(existsSync(join(dir, 'private.pem'))).toBe(false);
  });
});

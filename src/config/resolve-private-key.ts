import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPair, type KeyPairFiles } from '../crypto/generate-key-pair';
import { loadPrivateKey } from '../crypto/load-private-key';
import { ConfigError } from './config-error';
import type { Config } from './load-config';

export interface ResolvedPrivateKeys {
  /** Newest first. */
  keys: KeyObject[];
  /** Set when a development key pair was generated because none existed. */
  generated?: KeyPairFiles;
}

/**
 * PRIVATE_KEY wins over PRIVATE_KEY_PATH, which may list several files (newest first) while a
 * key is rotated. Production refuses to start without a key; development generates one at the
 * default path so a fresh clone just runs.
 */
export function resolvePrivateKeys(config: Config): ResolvedPrivateKeys {
  const { pem, paths, pathIsDefault, passphrase } = config.privateKey;
  if (pem !== undefined) return { keys: [loadPrivateKey(pem, passphrase, 'PRIVATE_KEY')] };

  const [first] = paths;
  if (first !== undefined && paths.length === 1 && !existsSync(first)) {
    if (config.production || !pathIsDefault) {
      throw new ConfigError([
        `no private key: PRIVATE_KEY is not set and PRIVATE_KEY_PATH (${first}) is not a file; set one of them (generate a pair with "npm run keys -- generate")`,
      ]);
    }
    const generated = generateDevelopmentKeyPair(first, passphrase);
    const key = loadPrivateKey(
      readFileSync(generated.privatePath, 'utf8'),
      passphrase,
      `PRIVATE_KEY_PATH (${first})`,
    );
    return { keys: [key], generated };
  }

  const passphrases = passphrasesFor(paths.length, passphrase);
  return {
    keys: paths.map((path, i) => {
      const source =
        paths.length > 1
          ? `PRIVATE_KEY_PATH (key ${i + 1}: ${path})`
          : `PRIVATE_KEY_PATH (${path})`;
      if (!existsSync(path)) throw new ConfigError([`${source} is not a file`]);
      return loadPrivateKey(readKeyFile(path), passphrases[i], source);
    }),
  };
}

/** One passphrase per key when PASSPHRASE lists as many as there are keys, else one for all. */
function passphrasesFor(count: number, passphrase: string | undefined): (string | undefined)[] {
  const parts = passphrase?.split(',');
  if (count > 1 && parts?.length === count) return parts;
  return Array.from({ length: count }, () => passphrase);
}

/** A directory or an unreadable file must name PRIVATE_KEY_PATH, not crash with a stack trace. */
function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`PRIVATE_KEY_PATH (${path}) cannot be read: ${(err as Error).message}`]);
  }
}

/**
 * A stray public.pem or an unwritable directory must stop start-up with a message that says what
 * to fix, not crash with a stack trace.
 */
function generateDevelopmentKeyPair(path: string, passphrase: string | undefined): KeyPairFiles {
  try {
    return generateKeyPair(dirname(path), { passphrase });
  } catch (err) {
    throw new ConfigError([
      `no private key at PRIVATE_KEY_PATH (${path}) and no development key pair could be generated there: ${(err as Error).message} (set PRIVATE_KEY or PRIVATE_KEY_PATH, or run "npm run keys -- generate --force")`,
    ]);
  }
}

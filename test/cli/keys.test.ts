import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  chmodSync,
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
import { runMain } from '../../src/cli/main';

import { fixturePem } from '../helpers/test-keys';

const runKeysCli = (argv: string[]) => runMain(['keys', ...argv]);

let dir: string;
let log: jest.SpyInstance;
let error: jest.SpyInstance;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'keys-cli-')), 'keys');
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

const printed = (spy: jest.SpyInstance) => spy.mock.calls.map((args) => args.join(' ')).join('\n');
const privatePath = () => join(dir, 'private.pem');
const publicPath = () => join(dir, 'public.pem');

describe('runKeysCli', () => {
  it('when asked to generate, then it writes an owner-only private key and its public key and prints how to upload it', async () => {
    expect(await runKeysCli(['generate', '--dir', dir])).toBe(0);

    expect(statSync(privatePath()).mode & 0o777).toBe(0o600);
    const privatePem = readFileSync(privatePath(), 'utf8');
    const publicPem = readFileSync(publicPath(), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = createPrivateKey(privatePem);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(key).equals(createPublicKey(publicPem))).toBe(true);

    const out = printed(log);
    expect(out).toContain(`Wrote ${privatePath()} and ${publicPath()}.`);
    expect(out).toContain(publicPem.trim());
    expect(out).toContain('/whatsapp_business_encryption');
    expect(out).toContain(`npm run keys -- upload --public-key ${publicPath()}`);
    expect(out).toContain('https://graph.facebook.com/v23.0/');
    expect(out).toContain('360dialog');
    expect(error).not.toHaveBeenCalled();
  });

  it('when the key files already exist, then a second run without --force fails and leaves them untouched', async () => {
    expect(await runKeysCli(['generate', '--dir', dir])).toBe(0);
    const privatePem = readFileSync(privatePath(), 'utf8');
    const publicPem = readFileSync(publicPath(), 'utf8');
    log.mockClear();

    expect(await runKeysCli(['generate', '--dir', dir])).toBe(2);

    expect(printed(error)).toBe(
      `${privatePath()} already exists: the server decrypts with it, so keep it (check it with "npm run keys -- status"), or pass --force to replace the pair and then upload the new public key ("npm run keys -- upload")`,
    );
    expect(log).not.toHaveBeenCalled();
    expect(readFileSync(privatePath(), 'utf8')).toBe(privatePem);
    expect(readFileSync(publicPath(), 'utf8')).toBe(publicPem);
  });

  it('when only public.pem exists, then it still refuses without --force', async () => {
    mkdirSync(dir);
    writeFileSync(publicPath(), fixturePem('rsa-2048-public.pem'));

    expect(await runKeysCli(['generate', '--dir', dir])).toBe(2);
    expect(printed(error)).toMatch(new RegExp(`^${publicPath()} already exists: `));
    expect(existsSync(privatePath())).toBe(false);
    expect(readFileSync(publicPath(), 'utf8')).toBe(fixturePem('rsa-2048-public.pem'));
  });

  it('when --force is given, then the pair is replaced by a new one', async () => {
    expect(await runKeysCli(['generate', '--dir', dir])).toBe(0);
    const oldKey = createPrivateKey(readFileSync(privatePath()));

    expect(await runKeysCli(['generate', '--dir', dir, '--force'])).toBe(0);

    const newKey = createPrivateKey(readFileSync(privatePath()));
    expect(newKey.equals(oldKey)).toBe(false);
    expect(createPublicKey(newKey).equals(createPublicKey(readFileSync(publicPath())))).toBe(true);
  });

  it('when --force replaces a world-readable private key, then the new key is owner-only', async () => {
    mkdirSync(dir);
    writeFileSync(privatePath(), fixturePem('rsa-2048-pkcs8.pem'));
    chmodSync(privatePath(), 0o644);

    expect(await runKeysCli(['generate', '--dir', dir, '--force'])).toBe(0);

    expect(statSync(privatePath()).mode & 0o777).toBe(0o600);
  });

  it('when --passphrase is given with PASSPHRASE set, then the private key opens only with that passphrase', async () => {
    process.env.PASSPHRASE = 'P';
    try {
      expect(await runKeysCli(['generate', '--dir', dir, '--passphrase'])).toBe(0);
    } finally {
      delete process.env.PASSPHRASE;
    }

    const pem = readFileSync(privatePath(), 'utf8');
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(() => createPrivateKey({ key: pem, passphrase: 'P' })).not.toThrow();
    expect(() => createPrivateKey({ key: pem, passphrase: 'not-P' })).toThrow();
    expect(() => createPrivateKey(pem)).toThrow();
    expect(printed(log)).toContain(`Wrote ${privatePath()} (encrypted: set PASSPHRASE) and`);
  });

  it('when the passphrase is given on the command line, then it exits 2 and writes nothing (shell history and ps would see it)', async () => {
    expect(await runKeysCli(['generate', '--dir', dir, '--passphrase', 'P'])).toBe(2);

    expect(printed(error)).toMatch(/^error: too many arguments/);
    expect(existsSync(dir)).toBe(false);
  });

  it('when --passphrase is given without PASSPHRASE and no terminal to ask on, then it exits 2 naming PASSPHRASE', async () => {
    // As in CI; a developer's terminal would otherwise be asked.
    const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
    try {
      expect(await runKeysCli(['generate', '--dir', dir, '--passphrase'])).toBe(2);
    } finally {
      if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }

    expect(printed(error)).toBe('set PASSPHRASE: it is not set and there is no terminal to ask on');
    expect(existsSync(dir)).toBe(false);
  });

  it('when the subcommand is unknown, then it exits 2 with the usage and writes nothing', async () => {
    expect(await runKeysCli(['rotate', '--dir', dir])).toBe(2);

    expect(printed(error)).toBe("error: unknown command 'rotate'");
    expect(existsSync(dir)).toBe(false);
  });

  it('when no subcommand is given, then it exits 2 with the usage', async () => {
    expect(await runKeysCli([])).toBe(2);
    expect(printed(error)).toMatch(/^Usage: flows-endpoint keys/);
  });

  it('when an unknown option is given, then it exits 2 naming the option, with the usage', async () => {
    expect(await runKeysCli(['generate', '--bits', '4096', '--dir', dir])).toBe(2);

    expect(printed(error)).toContain("unknown option '--bits'");
    expect(existsSync(dir)).toBe(false);
  });

  it('when --help is given, then it prints the usage and exits 0', async () => {
    expect(await runKeysCli(['generate', '--help'])).toBe(0);
    expect(printed(log)).toMatch(/^Usage: flows-endpoint keys generate/);
  });
});

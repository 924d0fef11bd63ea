import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import { encryptMedia } from '../../src/device/encrypt-media';
import { startStandInCdn, type LoopbackCdn } from '../../src/device/media/start-stand-in-cdn';

const PHOTO = randomBytes(30_000);
const fixtures = join(__dirname, '../fixtures/media');

let dir: string;
let log: jest.SpyInstance;
let error: jest.SpyInstance;
let cdn: LoopbackCdn;
const saved = { ...process.env };

beforeAll(async () => {
  cdn = await startStandInCdn();
});
afterAll(() => cdn.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'media-cli-'));
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  process.env.MEDIA_ALLOW_LOOPBACK = 'true';
  process.env.MEDIA_HOSTS = 'mmg.whatsapp.net';
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.env = { ...saved };
});

const printed = (spy: jest.SpyInstance) => spy.mock.calls.map((args) => args.join(' ')).join('\n');

function writeItem(item: unknown): string {
  const path = join(dir, 'item.json');
  writeFileSync(path, JSON.stringify(item));
  return path;
}

function upload(bytes: Buffer) {
  const file = encryptMedia(bytes);
  const url = cdn.serve(`/cli/${randomBytes(4).toString('hex')}`, {
    kind: 'file',
    bytes: file.bytes,
  });
  return {
    file,
    item: {
      media_id: 'm1',
      cdn_url: url,
      file_name: 'photo.jpg',
      encryption_metadata: file.metadata,
    },
  };
}

describe('flows media decrypt', () => {
  it('when the item and its --file are the known-answer vector, then the plaintext is written and exit is 0', async () => {
    const vector = JSON.parse(readFileSync(join(fixtures, 'known-answer.json'), 'utf8')) as {
      item: unknown;
      plaintext_base64: string;
    };
    const out = join(dir, 'receipt.pdf');
    const code = await runMain([
      'media',
      'decrypt',
      writeItem(vector.item),
      '--file',
      join(fixtures, 'known-answer.enc'),
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(out).equals(Buffer.from(vector.plaintext_base64, 'base64'))).toBe(true);
    expect(printed(log)).toMatch(/^ok: .* 165 bytes written to /);
  });

  it('when no --file is given, then the file is downloaded from its cdn_url', async () => {
    const { item } = upload(PHOTO);
    const out = join(dir, 'photo.jpg');
    expect(await runMain(['media', 'decrypt', writeItem(item), '--out', out])).toBe(0);
    expect(readFileSync(out).equals(PHOTO)).toBe(true);
    expect(printed(error)).toContain('downloading from 127.0.0.1');
  });

  it('when a check fails, then exit is 1, the check is named and nothing is written', async () => {
    const { item, file } = upload(PHOTO);
    const tampered = {
      ...item,
      encryption_metadata: { ...file.metadata, plaintext_hash: file.metadata.encrypted_hash },
    };
    const out = join(dir, 'photo.jpg');
    expect(await runMain(['media', 'decrypt', writeItem(tampered), '--out', out])).toBe(1);
    expect(printed(error)).toContain('failed check: plaintext_hash');
    expect(existsSync(out)).toBe(false);
  });

  it('when the cdn_url host is not allowed, then exit is 1 naming the host check', async () => {
    const { item } = upload(PHOTO);
    delete process.env.MEDIA_ALLOW_LOOPBACK;
    const out = join(dir, 'photo.jpg');
    expect(await runMain(['media', 'decrypt', writeItem(item), '--out', out])).toBe(1);
    expect(printed(error)).toContain('failed check: host');
  });

  it('when the item file is not a media item, then exit is 2 with one line naming the field', async () => {
    const path = writeItem({
      media_id: 'm',
      cdn_url: 'https://mmg.whatsapp.net/x',
      file_name: 'a',
    });
    expect(await runMain(['media', 'decrypt', path, '--out', join(dir, 'x')])).toBe(2);
    expect(printed(error)).toMatch(/not a media item: encryption_metadata/);
  });

  it('when the item file is not JSON, then exit is 2', async () => {
    const path = join(dir, 'item.json');
    writeFileSync(path, 'not json');
    expect(await runMain(['media', 'decrypt', path, '--out', join(dir, 'x')])).toBe(2);
    expect(printed(error)).toContain('not JSON');
  });

  it('when --file or --out are wrong, then exit is 2 before anything is read', async () => {
    const { item } = upload(PHOTO);
    const path = writeItem(item);
    expect(
      await runMain([
        'media',
        'decrypt',
        path,
        '--file',
        join(dir, 'missing'),
        '--out',
        join(dir, 'x'),
      ]),
    ).toBe(2);
    expect(await runMain(['media', 'decrypt', path, '--out', path])).toBe(2);
    expect(await runMain(['media', 'decrypt', path])).toBe(2);
    expect(printed(error)).toContain('--file');
  });

  it('when MEDIA_ALLOW_LOOPBACK is true in production, then exit is 2 naming the variable', async () => {
    const { item } = upload(PHOTO);
    process.env.NODE_ENV = 'production';
    expect(await runMain(['media', 'decrypt', writeItem(item), '--out', join(dir, 'x')])).toBe(2);
    expect(printed(error)).toContain('MEDIA_ALLOW_LOOPBACK');
  });

  it('when asked for help, then it shows an example', async () => {
    expect(await runMain(['media', 'decrypt', '--help'])).toBe(0);
    expect(printed(log)).toContain('npm run flows -- media decrypt item.json --out photo.jpg');
  });
});

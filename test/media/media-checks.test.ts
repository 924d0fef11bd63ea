import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { encryptMedia, packCdnFile, type EncryptedMedia } from '../../src/device/encrypt-media';
import { createMediaReader, type MediaReaderSettings } from '../../src/media/media-reader';
import { failedCheck } from '../helpers/failed-check';
import { startStandInCdn, type LoopbackCdn } from '../../src/device/media/start-stand-in-cdn';

const SETTINGS: MediaReaderSettings = {
  hosts: ['mmg.whatsapp.net'],
  allowLoopback: true,
  maxFileBytes: 1024 * 1024,
  connectTimeoutMs: 2_000,
  timeoutMs: 5_000,
  concurrency: 4,
};

const PHOTO = randomBytes(100_000);
const b64 = (value: string) => Buffer.from(value, 'base64');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

let cdn: LoopbackCdn;
beforeAll(async () => {
  cdn = await startStandInCdn();
});
afterAll(() => cdn.close());

let next = 0;
/** Puts a CDN file up under a fresh path and gives the item WhatsApp would send for it. */
function upload(file: EncryptedMedia, metadata = file.metadata) {
  const path = `/v/t62/${++next}.enc`;
  return item(cdn.serve(path, { kind: 'file', bytes: file.bytes }), metadata);
}

function item(cdnUrl: string, metadata: EncryptedMedia['metadata']) {
  return {
    media_id: `media-${next}`,
    cdn_url: cdnUrl,
    file_name: 'photo.jpg',
    encryption_metadata: metadata,
  };
}

/** The same bytes with the encrypted hash made to match them, as a careful attacker would. */
function rehashed(file: EncryptedMedia, bytes: Buffer): EncryptedMedia {
  return { bytes, metadata: { ...file.metadata, encrypted_hash: sha256(bytes) } };
}

const reader = createMediaReader(SETTINGS);

describe('reading a picked file: the four checks', () => {
  it('when the file and metadata are what the CDN made, then the plaintext comes out', async () => {
    const file = await reader.read(upload(encryptMedia(PHOTO)));
    expect(file.bytes.equals(PHOTO)).toBe(true);
    expect(file.size).toBe(PHOTO.length);
  });

  it('when encrypted_hash does not match the file, then the encrypted_hash check fails', async () => {
    const file = encryptMedia(PHOTO);
    const metadata = { ...file.metadata, encrypted_hash: sha256(Buffer.from('other')) };
    expect(await failedCheck(reader.read(upload(file, metadata)))).toBe('encrypted_hash');
  });

  it('when the HMAC tail is tampered (hash recomputed), then the hmac check fails', async () => {
    const file = encryptMedia(PHOTO);
    const bytes = Buffer.from(file.bytes);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    expect(await failedCheck(reader.read(upload(rehashed(file, bytes))))).toBe('hmac');
  });

  it('when the ciphertext is tampered (hash recomputed), then the hmac check fails', async () => {
    const file = encryptMedia(PHOTO);
    const bytes = Buffer.from(file.bytes);
    bytes[100] = (bytes[100] ?? 0) ^ 0x80;
    expect(await failedCheck(reader.read(upload(rehashed(file, bytes))))).toBe('hmac');
  });

  it('when the HMAC was made over the ciphertext without the IV, then the hmac check fails', async () => {
    const file = encryptMedia(PHOTO);
    const ciphertext = file.bytes.subarray(0, file.bytes.length - 10);
    const wrongMac = createHmac('sha256', b64(file.metadata.hmac_key))
      .update(ciphertext)
      .digest()
      .subarray(0, 10);
    const bytes = Buffer.concat([ciphertext, wrongMac]);
    expect(await failedCheck(reader.read(upload(rehashed(file, bytes))))).toBe('hmac');
  });

  it('when the hmac_key is another one, then the hmac check fails', async () => {
    const file = encryptMedia(PHOTO);
    const metadata = { ...file.metadata, hmac_key: randomBytes(32).toString('base64') };
    expect(await failedCheck(reader.read(upload(file, metadata)))).toBe('hmac');
  });

  it('when the padding is bad (HMAC and hashes right), then the decryption check fails', async () => {
    const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32), iv: randomBytes(16) };
    // Last byte 0x00 is never valid PKCS#7 padding.
    const padded = Buffer.concat([Buffer.from('a photo that is not padded....'), Buffer.alloc(2)]);
    const cipher = createCipheriv('aes-256-cbc', keys.encryptionKey, keys.iv).setAutoPadding(false);
    const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
    const file = packCdnFile(ciphertext, keys, createHash('sha256').update(padded).digest());
    expect(await failedCheck(reader.read(upload(file)))).toBe('decryption');
  });

  it('when the encryption_key is another one, then decryption or the plaintext hash fails', async () => {
    const file = encryptMedia(PHOTO);
    const metadata = { ...file.metadata, encryption_key: randomBytes(32).toString('base64') };
    expect(['decryption', 'plaintext_hash']).toContain(
      await failedCheck(reader.read(upload(file, metadata))),
    );
  });

  it('when plaintext_hash does not match the decrypted file, then the plaintext_hash check fails', async () => {
    const file = encryptMedia(PHOTO);
    const metadata = { ...file.metadata, plaintext_hash: sha256(Buffer.from('another photo')) };
    expect(await failedCheck(reader.read(upload(file, metadata)))).toBe('plaintext_hash');
  });

  it('when the CDN serves a truncated file, then the encrypted_hash check fails', async () => {
    const file = encryptMedia(PHOTO);
    const truncated = { ...file, bytes: file.bytes.subarray(0, file.bytes.length - 1000) };
    expect(await failedCheck(reader.read(upload(truncated, file.metadata)))).toBe('encrypted_hash');
  });

  it('when a truncated file comes with a matching encrypted_hash, then the hmac check fails', async () => {
    const file = encryptMedia(PHOTO);
    const bytes = file.bytes.subarray(0, file.bytes.length - 16);
    expect(await failedCheck(reader.read(upload(rehashed(file, bytes))))).toBe('hmac');
  });

  it('when the file is shorter than its HMAC tail, then the hmac check fails', async () => {
    const file = encryptMedia(PHOTO);
    expect(await failedCheck(reader.read(upload(rehashed(file, Buffer.alloc(5)))))).toBe('hmac');
  });

  it('when the connection drops halfway through the file, then the download fails', async () => {
    const file = encryptMedia(PHOTO);
    const url = cdn.serve(`/cut/${++next}`, { kind: 'cut', bytes: file.bytes });
    expect(await failedCheck(reader.read(item(url, file.metadata)))).toBe('download');
  });

  it('when the CDN answers 404, then the download fails', async () => {
    const file = encryptMedia(PHOTO);
    const url = cdn.serve(`/gone/${++next}`, { kind: 'status', status: 404 });
    expect(await failedCheck(reader.read(item(url, file.metadata)))).toBe('download');
  });

  it('when the item lacks its keys, then the item check fails before any download', async () => {
    const before = cdn.requests.length;
    const broken = {
      media_id: 'm',
      cdn_url: cdn.url('/x'),
      file_name: 'a.jpg',
      encryption_metadata: { iv: 'AAAA' },
    };
    expect(await failedCheck(reader.read(broken))).toBe('item');
    expect(cdn.requests.length).toBe(before);
  });
});

describe('reading a picked file: size', () => {
  const small = createMediaReader({ ...SETTINGS, maxFileBytes: 256 * 1024 });

  it('when the CDN announces a file over the limit, then it is refused before the body is read', async () => {
    const file = encryptMedia(randomBytes(300 * 1024));
    expect(await failedCheck(small.read(upload(file)))).toBe('size');
  });

  it('when an endless file comes without a length, then the download stops soon after the limit', async () => {
    const path = `/endless/${++next}`;
    const huge = Buffer.alloc(64 * 1024 * 1024);
    const url = cdn.serve(path, { kind: 'file', bytes: huge, declareLength: false });
    const metadata = encryptMedia(Buffer.from('x')).metadata;
    expect(await failedCheck(small.read(item(url, metadata)))).toBe('size');
    await waitFor(() => cdn.openConnections() === 0);
    // Socket buffers hold some; the rest of the 64 MiB was never sent.
    expect(cdn.sent(path)).toBeLessThan(16 * 1024 * 1024);
  });

  it('when a file is exactly at the limit, then it is read', async () => {
    const exact = randomBytes(256 * 1024);
    expect((await small.read(upload(encryptMedia(exact)))).bytes.equals(exact)).toBe(true);
  });
});

describe('reading a picked file: where it comes from', () => {
  const file = encryptMedia(PHOTO);

  it('when the cdn_url host is not on the allow-list, then the host check fails without a request', async () => {
    expect(
      await failedCheck(reader.read(item('https://evil.example/photo.enc', file.metadata))),
    ).toBe('host');
  });

  it('when the cdn_url is plain http to an allowed host, then the host check fails', async () => {
    expect(
      await failedCheck(reader.read(item('http://mmg.whatsapp.net/a.enc', file.metadata))),
    ).toBe('host');
  });

  it('when the host only ends like an allowed one, then the host check fails', async () => {
    const url = 'https://evilmmg.whatsapp.net.example/a.enc';
    expect(await failedCheck(reader.read(item(url, file.metadata)))).toBe('host');
  });

  it('when loopback is not explicitly allowed, then the local CDN is refused', async () => {
    const strict = createMediaReader({ ...SETTINGS, allowLoopback: false });
    expect(await failedCheck(strict.read(upload(file)))).toBe('host');
  });

  it('when the CDN redirects off the allow-list, then the redirect check fails and it is not followed', async () => {
    const url = cdn.serve(`/moved/${++next}`, {
      kind: 'redirect',
      location: 'https://evil.example/photo.enc',
    });
    expect(await failedCheck(reader.read(item(url, file.metadata)))).toBe('redirect');
  });

  it('when the CDN redirects to http on an allowed host, then the redirect check fails', async () => {
    const url = cdn.serve(`/moved/${++next}`, {
      kind: 'redirect',
      location: 'http://mmg.whatsapp.net/photo.enc',
    });
    expect(await failedCheck(reader.read(item(url, file.metadata)))).toBe('redirect');
  });

  it('when the CDN redirects within the allow-list, then the file is read from the new place', async () => {
    const target = cdn.serve(`/new/${++next}`, { kind: 'file', bytes: file.bytes });
    const url = cdn.serve(`/old/${next}`, {
      kind: 'redirect',
      location: target.replace('127.0.0.1', 'localhost'),
      status: 307,
    });
    expect((await reader.read(item(url, file.metadata))).bytes.equals(PHOTO)).toBe(true);
  });

  it('when the CDN redirects in a loop, then the redirect check fails', async () => {
    const path = `/loop/${++next}`;
    const url = cdn.serve(path, { kind: 'redirect', location: path });
    expect(await failedCheck(reader.read(item(url, file.metadata)))).toBe('redirect');
  });
});

describe('reading a picked file: a CDN that stalls', () => {
  const impatient = createMediaReader({ ...SETTINGS, timeoutMs: 500 });

  it('when the CDN never answers, then the read fails with a timeout', async () => {
    const url = cdn.serve(`/stall/${++next}`, { kind: 'stall' });
    expect(await failedCheck(impatient.read(item(url, encryptMedia(PHOTO).metadata)))).toBe(
      'timeout',
    );
    await waitFor(() => cdn.openConnections() === 0);
  });

  it('when the CDN stops halfway through the body, then the read fails with a timeout', async () => {
    const file = encryptMedia(PHOTO);
    const url = cdn.serve(`/slow/${++next}`, { kind: 'stall-body', bytes: file.bytes });
    expect(await failedCheck(impatient.read(item(url, file.metadata)))).toBe('timeout');
    await waitFor(() => cdn.openConnections() === 0);
  });
});

describe('saving a picked file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'media-save-'));

  it('when every check passes, then the file is at the path, readable by this user only', async () => {
    const path = join(dir, 'ok', 'photo.jpg');
    const saved = await reader.save(upload(encryptMedia(PHOTO)), path);
    expect(saved).toMatchObject({ path, size: PHOTO.length, fileName: 'photo.jpg' });
    expect(readFileSync(path).equals(PHOTO)).toBe(true);
    expect(statSync(path).mode & 0o077).toBe(0);
  });

  it('when a check fails after plaintext was written, then nothing is left at the path or beside it', async () => {
    const file = encryptMedia(PHOTO);
    const metadata = { ...file.metadata, plaintext_hash: sha256(Buffer.from('x')) };
    const sub = join(dir, 'bad');
    const path = join(sub, 'photo.jpg');
    expect(await failedCheck(reader.save(upload(file, metadata), path))).toBe('plaintext_hash');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('when saving to a stream, then it gets the bytes only after every check has passed', async () => {
    const tempDir = join(dir, 'waiting');
    const reader = createMediaReader({ ...SETTINGS, tempDir });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const file = encryptMedia(PHOTO);
    await reader.save(upload(file), out);
    expect(Buffer.concat(chunks).equals(PHOTO)).toBe(true);

    const refused = new PassThrough();
    let received = 0;
    refused.on('data', (chunk: Buffer) => (received += chunk.length));
    const metadata = { ...file.metadata, plaintext_hash: sha256(Buffer.from('x')) };
    expect(await failedCheck(reader.save(upload(file, metadata), refused))).toBe('plaintext_hash');
    expect(received).toBe(0);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('when 30 files come in one exchange, then all 30 are verified and saved', async () => {
    const files = Array.from({ length: 30 }, (_, i) => Buffer.from(`photo ${i} `.repeat(1000)));
    const items = files.map((bytes) => upload(encryptMedia(bytes)));
    const saved = await Promise.all(
      items.map((picked, i) => reader.save(picked, join(dir, 'thirty', `${i}.jpg`))),
    );
    expect(saved.map((file) => file.size)).toEqual(files.map((bytes) => bytes.length));
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(condition()).toBe(true);
}

describe('reading picked files under a deadline of the caller', () => {
  it('when the caller gives up, then every file still waiting or downloading fails with a timeout', async () => {
    const oneAtATime = createMediaReader({ ...SETTINGS, concurrency: 1, timeoutMs: 60_000 });
    const metadata = encryptMedia(PHOTO).metadata;
    const stalled = [1, 2, 3].map((i) =>
      item(cdn.serve(`/deadline/${++next}-${i}`, { kind: 'stall' }), metadata),
    );
    const controller = new AbortController();
    const reads = stalled.map((picked) =>
      failedCheck(oneAtATime.read(picked, { signal: controller.signal })),
    );
    await waitFor(() => cdn.requests.some((path) => path.startsWith('/deadline/')));
    controller.abort();
    expect(await Promise.all(reads)).toEqual(['timeout', 'timeout', 'timeout']);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptMedia, type EncryptedMedia } from '../../src/device/encrypt-media';
import { createSupportRequestFlow } from '../../flows/support-request';
import { createMediaReader } from '../../src/media/media-reader';
import { startStandInCdn, type LoopbackCdn } from '../../src/device/media/start-stand-in-cdn';
import { createTestApp } from '../helpers/test-app';

type Data = Record<string, unknown>;

const PHOTOS = [randomBytes(40_000), randomBytes(50_000), randomBytes(60_000)];
const RECEIPT = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20_000)]);

let cdn: LoopbackCdn;
beforeAll(async () => {
  cdn = await startStandInCdn();
});
afterAll(() => cdn.close());

let uploads = 0;
/** As WhatsApp does when the user picks a file: encrypted onto the CDN, described in the payload. */
function pick(bytes: Buffer, fileName: string, tamper?: (file: EncryptedMedia) => EncryptedMedia) {
  const made = encryptMedia(bytes);
  const file = tamper ? tamper(made) : made;
  const url = cdn.serve(`/v/t62.7118-24/${++uploads}`, { kind: 'file', bytes: file.bytes });
  return {
    media_id: `media-${uploads}`,
    cdn_url: url,
    file_name: fileName,
    encryption_metadata: file.metadata,
  };
}

function setup(maxFileBytes = 1024 * 1024) {
  const dir = mkdtempSync(join(tmpdir(), 'support-request-'));
  const media = createMediaReader({
    hosts: ['mmg.whatsapp.net'],
    allowLoopback: true,
    maxFileBytes,
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
    concurrency: 4,
  });
  const test = createTestApp({ flows: [createSupportRequestFlow({ dir })], media });
  const folders = () =>
    existsSync(join(dir, 'support-request')) ? readdirSync(join(dir, 'support-request')) : [];
  return { ...test, dir, folders };
}

const dataOf = (json: Data) => json.data as Data;

describe('support-request: the journey', () => {
  it('when a user describes the problem, adds 3 photos and a PDF, then the files are kept and a reference comes back', async () => {
    const { send, token, exchange, dir, folders } = setup();
    const opened = await send({ version: '3.0', action: 'INIT', flow_token: token() });
    expect(opened.json.screen).toBe('DESCRIBE');

    const photos = PHOTOS.map((bytes, i) => pick(bytes, `IMG_${i}.JPG`));
    const described = await exchange('DESCRIBE', { description: 'The kettle leaks.', photos });
    expect(described.status).toBe(200);
    expect(described.json.screen).toBe('DOCUMENT');

    const done = await exchange('DOCUMENT', { document: [pick(RECEIPT, 'receipt.pdf')] });
    expect(done.json.screen).toBe('SUCCESS');
    const params = (dataOf(done.json).extension_message_response as { params: Data }).params;
    expect(params.reference).toMatch(/^SR-[2-9A-HJKMNP-Z]{8}$/);

    const [reference] = folders();
    expect(reference).toBe(params.reference);
    const folder = join(dir, 'support-request', String(reference));
    expect(readdirSync(folder).sort()).toEqual([
      'photo-1.jpg',
      'photo-2.jpg',
      'photo-3.jpg',
      'receipt-1.pdf',
      'request.json',
    ]);
    PHOTOS.forEach((bytes, i) => {
      expect(readFileSync(join(folder, `photo-${i + 1}.jpg`)).equals(bytes)).toBe(true);
    });
    expect(readFileSync(join(folder, 'receipt-1.pdf')).equals(RECEIPT)).toBe(true);
    const record = JSON.parse(readFileSync(join(folder, 'request.json'), 'utf8')) as Data;
    expect(record).toMatchObject({
      reference,
      description: 'The kettle leaks.',
      receipt: 'receipt-1.pdf',
    });
  });

  it('when no photo is picked, then the request still goes through', async () => {
    const { exchange } = setup();
    expect((await exchange('DESCRIBE', { description: 'No photos.' })).json.screen).toBe(
      'DOCUMENT',
    );
    const done = await exchange('DOCUMENT', { document: [pick(RECEIPT, 'r.pdf')] });
    expect(done.json.screen).toBe('SUCCESS');
  });
});

describe('support-request: files that fail', () => {
  it('when a photo fails its HMAC, then the user stays on DESCRIBE with a message and no photo is kept', async () => {
    const { exchange, dir } = setup();
    const photos = [
      pick(PHOTOS[0] as Buffer, 'a.jpg'),
      pick(PHOTOS[1] as Buffer, 'b.jpg', (file) => {
        const bytes = Buffer.from(file.bytes);
        bytes[0] = (bytes[0] ?? 0) ^ 1;
        const encrypted_hash = createHash('sha256').update(bytes).digest('base64');
        return { bytes, metadata: { ...file.metadata, encrypted_hash } };
      }),
    ];
    const reply = await exchange('DESCRIBE', { description: 'Broken.', photos });
    expect(reply.json.screen).toBe('DESCRIBE');
    expect(dataOf(reply.json).error_message).toBe(
      'We could not verify that file. Please pick it again.',
    );
    const kept = join(dir, 'support-request');
    const files = existsSync(kept)
      ? readdirSync(kept).flatMap((ref) => readdirSync(join(kept, ref)))
      : [];
    expect(files).toEqual([]);
  });

  it('when a photo is over the size limit, then the user is told it is too large', async () => {
    const { exchange } = setup(64 * 1024);
    const reply = await exchange('DESCRIBE', {
      description: 'Big photo.',
      photos: [pick(randomBytes(100_000), 'big.jpg')],
    });
    expect(reply.json.screen).toBe('DESCRIBE');
    expect(dataOf(reply.json).error_message).toBe(
      'That file is too large. Please choose a smaller one.',
    );
  });

  it('when the document is not a PDF, then the user stays on DOCUMENT with a message', async () => {
    const { exchange } = setup();
    await exchange('DESCRIBE', { description: 'Wrong receipt.' });
    const reply = await exchange('DOCUMENT', {
      document: [pick(randomBytes(1000), 'receipt.pdf')],
    });
    expect(reply.json.screen).toBe('DOCUMENT');
    expect(dataOf(reply.json).error_message).toBe('The receipt must be a PDF file.');
  });

  it('when a photo is not a media item, then the input schema sends the user back before any download', async () => {
    const { exchange } = setup();
    const before = cdn.requests.length;
    const reply = await exchange('DESCRIBE', {
      description: 'Odd.',
      photos: [{ media_id: 'x', cdn_url: cdn.url('/x'), file_name: 'a.jpg' }],
    });
    expect(reply.json.screen).toBe('DESCRIBE');
    expect(dataOf(reply.json).error_message).toBe("Please check 'Photos'.");
    expect(cdn.requests.length).toBe(before);
  });

  it('when the photo URL points off the allow-list, then the user is asked to pick it again', async () => {
    const { exchange } = setup();
    const photo = {
      ...pick(PHOTOS[0] as Buffer, 'a.jpg'),
      cdn_url: 'https://attacker.example/a.enc',
    };
    const reply = await exchange('DESCRIBE', { description: 'SSRF?', photos: [photo] });
    expect(dataOf(reply.json).error_message).toBe(
      'We could not verify that file. Please pick it again.',
    );
  });
});

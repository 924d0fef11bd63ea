import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { encryptMedia } from '../../src/device/encrypt-media';
import { createMediaReader } from '../../src/media/media-reader';
import { DEFAULT_MEDIA_SETTINGS } from '../../src/media/media-settings';

/** Made with Python's cryptography package, not with this project's code. */
const dir = join(__dirname, '../fixtures/media');
const vector = JSON.parse(readFileSync(join(dir, 'known-answer.json'), 'utf8')) as {
  item: { encryption_metadata: Record<string, string>; file_name: string; media_id: string };
  plaintext_base64: string;
  cdn_file_base64: string;
};
const plaintext = Buffer.from(vector.plaintext_base64, 'base64');
const cdnFile = readFileSync(join(dir, 'known-answer.enc'));
const meta = vector.item.encryption_metadata;
const key = (name: string) => Buffer.from(meta[name] ?? '', 'base64');

describe('media known-answer vector', () => {
  it('when the device half encrypts with the vector keys, then it makes the same CDN file and metadata', () => {
    const made = encryptMedia(plaintext, {
      encryptionKey: key('encryption_key'),
      hmacKey: key('hmac_key'),
      iv: key('iv'),
    });
    expect(made.bytes.equals(cdnFile)).toBe(true);
    expect(made.bytes.toString('base64')).toBe(vector.cdn_file_base64);
    expect(made.metadata).toEqual(meta);
  });

  it('when the endpoint reads the vector file, then every check passes and the plaintext comes out', async () => {
    const reader = createMediaReader(DEFAULT_MEDIA_SETTINGS, async () => Readable.from([cdnFile]));
    const file = await reader.read(vector.item);
    expect(file.bytes.equals(plaintext)).toBe(true);
    expect(file).toMatchObject({
      mediaId: vector.item.media_id,
      fileName: 'receipt.pdf',
      size: plaintext.length,
    });
  });

  it('when the file arrives one byte at a time, then the HMAC tail is still found', async () => {
    const bytes = [...cdnFile].map((byte) => Buffer.from([byte]));
    const reader = createMediaReader(DEFAULT_MEDIA_SETTINGS, async () => Readable.from(bytes));
    expect((await reader.read(vector.item)).bytes.equals(plaintext)).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { encryptMedia } from '../../src/device/encrypt-media';
import { createMediaReader } from '../../src/media/media-reader';
import { tempDirUnderUmask000 } from '../helpers/permissive-umask';

const SETTINGS = {
  hosts: ['mmg.whatsapp.net'],
  allowLoopback: false,
  maxFileBytes: 1024 * 1024,
  connectTimeoutMs: 2_000,
  timeoutMs: 5_000,
  concurrency: 4,
};

describe('saved media under a permissive umask (000)', () => {
  const tempDir = tempDirUnderUmask000('private-media-');

  it('when a picked file is saved into a new folder, then the folder is 0700 and the file 0600', async () => {
    const file = encryptMedia(randomBytes(10_000));
    const reader = createMediaReader(SETTINGS, async () => Readable.from([file.bytes]));
    const path = join(tempDir(), 'requests', 'R-1', 'photo.jpg');
    const item = {
      media_id: 'media-1',
      cdn_url: 'https://mmg.whatsapp.net/v/t62/1.enc',
      file_name: 'photo.jpg',
      encryption_metadata: file.metadata,
    };

    await reader.save(item, path);

    expect(statSync(join(tempDir(), 'requests')).mode & 0o777).toBe(0o700);
    expect(statSync(join(tempDir(), 'requests', 'R-1')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptMedia } from '../../src/device/encrypt-media';
import { createMediaReader } from '../../src/media/media-reader';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { startStandInCdn, type LoopbackCdn } from '../../src/device/media/start-stand-in-cdn';
import { createTestApp } from '../helpers/test-app';

const MIB = 1024 * 1024;
const FILES = 30;
const FILE_BYTES = 25 * MIB;

let cdn: LoopbackCdn;
let dir: string;
beforeAll(async () => {
  cdn = await startStandInCdn();
  dir = mkdtempSync(join(tmpdir(), 'thirty-files-'));
});
afterAll(async () => {
  await cdn.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A flow that keeps every file of the exchange, as a claims or ID flow would. */
const keepAll = defineFlow({
  name: 'keep-all',
  screens: {
    UPLOAD: {
      async data_exchange(ctx) {
        const files = ctx.data.files as unknown[];
        const saved = await Promise.all(
          files.map((item, i) => ctx.media.save(item, join(dir, `file-${i}.bin`))),
        );
        return ctx.complete({ files: saved.length, bytes: saved.reduce((n, f) => n + f.size, 0) });
      },
    },
  },
});

describe('30 files of 25 MiB in one exchange', () => {
  it('when a handler saves them all, then every file is verified and the memory stays far below their size', async () => {
    // One 25 MiB file, served under 30 URLs: the test's own memory stays small and fixed.
    const plaintext = Buffer.alloc(FILE_BYTES, 0x5a);
    const file = encryptMedia(plaintext);
    const items = Array.from({ length: FILES }, (_, i) => ({
      media_id: `m${i}`,
      cdn_url: cdn.serve(`/big/${i}`, { kind: 'file', bytes: file.bytes }),
      file_name: `scan-${i}.pdf`,
      encryption_metadata: file.metadata,
    }));
    const media = createMediaReader({
      hosts: ['mmg.whatsapp.net'],
      allowLoopback: true,
      maxFileBytes: FILE_BYTES,
      connectTimeoutMs: 5_000,
      timeoutMs: 120_000,
      concurrency: 4,
    });
    const { send, token } = createTestApp({ flows: [keepAll], media });

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = Date.now();
    const reply = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'UPLOAD',
      data: { files: items },
      flow_token: token(),
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);

    const params = (reply.json.data as { extension_message_response: { params: unknown } })
      .extension_message_response.params;
    expect(params).toMatchObject({ files: FILES, bytes: FILES * FILE_BYTES });
    expect(readdirSync(dir)).toHaveLength(FILES);
    expect(statSync(join(dir, 'file-29.bin')).size).toBe(FILE_BYTES);

    const growth = (peak - baseline) / MIB;
    if (process.env.MEDIA_MEMORY_REPORT) {
      process.stdout.write(
        `30 x 25 MiB: ${seconds.toFixed(1)} s, RSS baseline ${(baseline / MIB).toFixed(0)} MiB, peak ${(peak / MIB).toFixed(0)} MiB, growth ${growth.toFixed(0)} MiB\n`,
      );
    }
    // 750 MiB passed through; holding even a third of it would show here.
    expect(growth).toBeLessThan(250);
  }, 180_000);
});

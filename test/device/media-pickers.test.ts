import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { freePort } from '../../scripts/lib/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFiles } from '../../src/device/explorer/choose-files';
import { seededRandom } from '../../src/device/explorer/random';
import { sampleFile } from '../../src/device/media/sample-files';
import { startStandInCdn } from '../../src/device/media/start-stand-in-cdn';
import type { RenderedComponent } from '../../src/device/screen-model/render-screen';
import { createSupportRequestFlow } from '../../flows/support-request';
import { MediaError } from '../../src/media/media-error';
import { createMediaReader } from '../../src/media/media-reader';
import { DEFAULT_MEDIA_SETTINGS } from '../../src/media/media-settings';
import { listen, type Listening } from '../helpers/listen';
import { loopbackMediaReader } from '../helpers/loopback-media';
import { createTestApp } from '../helpers/test-app';
import { deviceCli } from './device-cli';

const cli = deviceCli();

const picker = (type: string, props: Record<string, unknown>): RenderedComponent =>
  ({ type, name: 'files', props, actions: {}, children: [] }) as unknown as RenderedComponent;

describe('files a user picks, as the device lets them', () => {
  const pick = (component: RenderedComponent, seed: number, invalid = false) =>
    chooseFiles(component, seededRandom(seed), invalid, 1) ?? [];

  it('when a DocumentPicker allows only PDF and exactly one file, then one valid PDF is picked, invalid or not', () => {
    const receipt = picker('DocumentPicker', {
      'min-uploaded-documents': 1,
      'max-uploaded-documents': 1,
      'allowed-mime-types': ['application/pdf'],
    });
    for (let seed = 1; seed <= 20; seed++) {
      for (const invalid of [false, true]) {
        const files = pick(receipt, seed, invalid);
        expect(files).toHaveLength(1);
        expect(files[0]?.mimeType).toBe('application/pdf');
        expect(files[0]?.fileName).toMatch(/\.pdf$/);
        const text = files[0]?.bytes.toString('latin1') ?? '';
        expect(text.startsWith('%PDF-')).toBe(true);
        expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
      }
    }
  });

  it('when a PhotoPicker allows 0 to 3 photos, then between 0 and 3 JPEG or PNG files are picked, and an invalid choice is the most it allows', () => {
    const photos = picker('PhotoPicker', { 'min-uploaded-photos': 0, 'max-uploaded-photos': 3 });
    const counts = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const files = pick(photos, seed);
      counts.add(files.length);
      for (const file of files) expect(['image/jpeg', 'image/png']).toContain(file.mimeType);
      expect(pick(photos, seed, true)).toHaveLength(3);
    }
    expect([...counts].sort()).toEqual([0, 1, 2, 3]);
  });

  it('when a DocumentPicker names no types and no maximum, then an invalid choice is 30 files of a type a handler may not expect', () => {
    const files = pick(picker('DocumentPicker', {}), 5, true);
    expect(files).toHaveLength(30);
    for (const file of files) expect(['text/plain', 'application/zip']).toContain(file.mimeType);
  });

  it('when a picker requires more files than it allows, then nothing can be picked', () => {
    expect(
      chooseFiles(
        picker('PhotoPicker', { 'min-uploaded-photos': 5, 'max-uploaded-photos': 2 }),
        seededRandom(1),
        false,
        1,
      ),
    ).toBeUndefined();
  });

  it('when the same seed picks twice, then the same files are picked', () => {
    const photos = picker('PhotoPicker', {});
    expect(pick(photos, 9).map((f) => f.fileName)).toEqual(pick(photos, 9).map((f) => f.fileName));
  });

  it('when the sample JPEG and PNG are read, then they carry their formats’ signatures', () => {
    expect(sampleFile('image/jpeg', 1).bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(sampleFile('image/jpeg', 1).bytes.subarray(-2).toString('hex')).toBe('ffd9');
    expect(sampleFile('image/png', 1).bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('the stand-in media CDN', () => {
  it('when a file is uploaded, then the endpoint’s media reader downloads, verifies and decrypts it from the cdn_url', async () => {
    const cdn = await startStandInCdn();
    try {
      const file = sampleFile('application/pdf', 1);
      const item = cdn.upload(file, '1001');
      expect(item.cdn_url).toBe(`${cdn.baseUrl}/media/1001`);
      const read = await loopbackMediaReader().read(item);
      expect(read.bytes.equals(file.bytes)).toBe(true);
      expect(read.fileName).toBe(file.fileName);
      // Without loopback allowed, as in production, the reader refuses it.
      await expect(createMediaReader(DEFAULT_MEDIA_SETTINGS).read(item)).rejects.toBeInstanceOf(
        MediaError,
      );
    } finally {
      await cdn.close();
    }
  });

  it('when given the address the endpoint reaches it at (--cdn-url), then cdn_url points there', async () => {
    const cdn = await startStandInCdn({ publicUrl: 'https://media.tunnel.example.com/' });
    try {
      expect(cdn.upload(sampleFile('image/jpeg', 1), '7').cdn_url).toBe(
        'https://media.tunnel.example.com/media/7',
      );
    } finally {
      await cdn.close();
    }
  });
});

describe('support-request end to end with picked files', () => {
  let dir = '';
  let server: Listening;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'media-pickers-'));
    server = await listen(
      createTestApp({
        flows: () => [createSupportRequestFlow({ dir })],
        media: loopbackMediaReader(),
      }).app,
    );
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = () => `${server.base}/flows/support-request`;
  const kept = () => {
    const root = join(dir, 'support-request');
    return existsSync(root) ? readdirSync(root).map((reference) => join(root, reference)) : [];
  };

  it('when explored, then the endpoint received real files: photos kept as images, each receipt a PDF', async () => {
    const code = await cli.run(
      'explore',
      'support-request',
      '--url',
      url(),
      '--public-key',
      cli.publicKey(),
      '--journeys',
      '8',
      '--seed',
      '3',
    );
    expect(cli.printed()).toContain('media: picked files are served at http://127.0.0.1:');
    expect(cli.printed()).toContain('MEDIA_ALLOW_LOOPBACK=true');
    expect(cli.printed()).toMatch(/rejected answers 0, 5xx 0, dead ends 0/);
    expect(code).toBe(0);
    const requests = kept().filter((folder) => existsSync(join(folder, 'request.json')));
    expect(requests.length).toBeGreaterThan(0);
    let photos = 0;
    for (const folder of requests) {
      const record = JSON.parse(readFileSync(join(folder, 'request.json'), 'utf8')) as {
        receipt: string;
        photos: string[];
      };
      expect(readFileSync(join(folder, record.receipt)).subarray(0, 5).toString()).toBe('%PDF-');
      for (const photo of record.photos) {
        expect(photo).toMatch(/\.(jpg|png)$/);
        photos++;
      }
    }
    expect(photos).toBeGreaterThan(0);
  });

  it('when --cdn-port and --cdn-url name where the endpoint reaches the stand-in CDN, then the media items point there and journeys succeed', async () => {
    const port = await freePort();
    const code = await cli.run(
      'explore',
      'support-request',
      '--url',
      url(),
      '--public-key',
      cli.publicKey(),
      '--journeys',
      '3',
      '--cdn-port',
      String(port),
      '--cdn-url',
      `http://localhost:${port}/`,
    );
    expect(cli.printed()).toContain(
      `media: picked files are served at http://localhost:${port} (stand-in CDN on 127.0.0.1:${port})`,
    );
    expect(cli.printed()).toMatch(/SUCCESS reached in 3 of 3 journeys/);
    expect(code).toBe(0);
  });

  it('when a journey sends a photo in simulate, then the endpoint keeps the same bytes', async () => {
    const steps = cli.file('photo-journey.json', [
      { action: 'INIT', expect: { screen: 'DESCRIBE' } },
      {
        action: 'data_exchange',
        data: { description: 'Scratched door', photos: [{ $sample: 'image/jpeg' }] },
        expect: { screen: 'DOCUMENT', error_message: false },
      },
      {
        action: 'data_exchange',
        data: { document: [{ $sample: 'application/pdf' }] },
        expect: { screen: 'SUCCESS' },
      },
    ]);
    const code = await cli.run(
      'simulate',
      'support-request',
      '--url',
      url(),
      '--public-key',
      cli.publicKey(),
      '--steps',
      steps,
    );
    expect(cli.printed()).toMatch(/all 3 steps ok/);
    expect(code).toBe(0);
    const [folder] = kept();
    const record = JSON.parse(readFileSync(join(folder ?? '', 'request.json'), 'utf8')) as {
      photos: string[];
    };
    expect(record.photos).toEqual(['photo-1.jpg']);
    expect(
      readFileSync(join(folder ?? '', 'photo-1.jpg')).equals(sampleFile('image/jpeg', 1).bytes),
    ).toBe(true);
  });

  it.each([
    [{ $file: 'no-such-photo.jpg' }, /cannot read the picked file/],
    [{ $sample: 'image/jpeg', colour: 'red' }, /a picked file is \{"\$file": PATH\}/],
  ])('when a step picks %j, then it exits 2 naming the problem', async (placeholder, reason) => {
    const steps = cli.file('bad-pick.json', [
      { action: 'data_exchange', screen: 'DESCRIBE', data: { photos: [placeholder] } },
    ]);
    const code = await cli.run(
      'simulate',
      'support-request',
      '--url',
      url(),
      '--public-key',
      cli.publicKey(),
      '--steps',
      steps,
    );
    expect(code).toBe(2);
    expect(cli.printed()).toMatch(reason);
    expect(cli.printed()).not.toMatch(/ {4}at /);
  });

  it('when the device commands run in production with only FLOW_TOKEN_SECRET and an app secret file, then they do not ask for the server’s key', async () => {
    process.env.NODE_ENV = 'production';
    delete process.env.APP_SECRET;
    delete process.env.PRIVATE_KEY;
    delete process.env.PRIVATE_KEY_PATH;
    const secret = cli.file('app-secret', 'test-app-secret');
    const steps = cli.file('ping.json', [{ action: 'ping' }, { action: 'INIT' }]);
    const code = await cli.run(
      'simulate',
      'support-request',
      '--url',
      url(),
      '--public-key',
      cli.publicKey(),
      '--app-secret-file',
      secret,
      '--steps',
      steps,
    );
    expect(cli.printed()).not.toMatch(/APP_SECRET|PRIVATE_KEY/);
    expect(code).toBe(0);
  });
});

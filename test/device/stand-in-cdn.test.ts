import type { IncomingMessage, ServerResponse } from 'node:http';
import { createStandInCdn } from '../../src/device/media/stand-in-cdn';
import { startStandInCdn } from '../../src/device/media/start-stand-in-cdn';

const file = (fileName: string, size: number) => ({ fileName, bytes: Buffer.alloc(size, 1) });

/** Asks the CDN for `path` with `method`; says whether it answered or passed the request on. */
function ask(cdn: ReturnType<typeof createStandInCdn>, path: string, method = 'GET') {
  let answered = false;
  const res = {
    writeHead: () => ({ end: () => undefined }),
    write: () => true,
    end: () => {
      answered = true;
    },
    once: () => undefined,
    destroyed: false,
  } as unknown as ServerResponse;
  let passedOn = false;
  cdn.handle({ url: path, method } as IncomingMessage, res, () => {
    passedOn = true;
  });
  return { answered, passedOn };
}

describe('the stand-in CDN', () => {
  it('when a file is uploaded, then it is served at <base>/media/<media_id> under a random id', () => {
    const cdn = createStandInCdn();
    const item = cdn.upload(file('a.pdf', 10), { baseUrl: 'http://host/playground/cdn/' });
    expect(item.media_id).toMatch(/^[0-9a-f]{32}$/);
    expect(item.cdn_url).toBe(`http://host/playground/cdn/media/${item.media_id}`);
    expect(item.file_name).toBe('a.pdf');
    expect(ask(cdn, `/media/${item.media_id}`)).toEqual({ answered: true, passedOn: false });
  });

  it('when uploads pass maxBytes, then the oldest go and the newest stay', () => {
    // 40 bytes are held as 48 of ciphertext and a 10-byte MAC: two fit in 150, three do not.
    const cdn = createStandInCdn({ maxBytes: 150 });
    const first = cdn.upload(file('1', 40), { baseUrl: 'http://h' });
    const second = cdn.upload(file('2', 40), { baseUrl: 'http://h' });
    const third = cdn.upload(file('3', 40), { baseUrl: 'http://h' });
    expect(ask(cdn, `/media/${first.media_id}`).passedOn).toBe(true);
    expect(ask(cdn, `/media/${second.media_id}`).answered).toBe(true);
    expect(ask(cdn, `/media/${third.media_id}`).answered).toBe(true);
  });

  it('when a path it does not hold, or anything but a GET, is asked for, then the request is passed on', () => {
    const cdn = createStandInCdn();
    const item = cdn.upload(file('a', 1), { baseUrl: 'http://h', mediaId: '9' });
    expect(ask(cdn, '/media/8').passedOn).toBe(true);
    expect(ask(cdn, `/media/${item.media_id}`, 'POST').passedOn).toBe(true);
  });

  it('when on its own port a path it does not hold is asked for, then it answers 404', async () => {
    const cdn = await startStandInCdn();
    try {
      const url = cdn.serve('/moved', { kind: 'redirect', location: '/elsewhere' });
      const moved = await fetch(url, { redirect: 'manual' });
      expect(moved.status).toBe(302);
      expect(moved.headers.get('location')).toBe('/elsewhere');
      expect((await fetch(cdn.url('/elsewhere'))).status).toBe(404);
      expect(cdn.requests).toEqual(['/moved', '/elsewhere']);
    } finally {
      await cdn.close();
    }
  });
});

import type { LookupAddress } from 'node:dns';
import { randomBytes } from 'node:crypto';
import { encryptMedia } from '../../src/device/encrypt-media';
import { createMediaReader, type MediaReaderSettings } from '../../src/media/media-reader';
import { nonPublicRange, type ResolveHost } from '../../src/media/resolve-media-host';
import { failedCheck, mediaError } from '../helpers/failed-check';
import { startStandInCdn, type LoopbackCdn } from '../../src/device/media/start-stand-in-cdn';

const FILE = encryptMedia(randomBytes(10_000));
const PUBLIC_V4 = '157.240.0.53';

/** A resolver that answers from a table and remembers every name it was asked. */
function resolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: ResolveHost = async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    return addresses.map((address): LookupAddress => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return { resolve, asked };
}

function readerWith(resolve: ResolveHost, overrides: Partial<MediaReaderSettings> = {}) {
  return createMediaReader({
    hosts: ['mmg.whatsapp.net', '*.whatsapp.net'],
    allowLoopback: false,
    maxFileBytes: 1024 * 1024,
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
    concurrency: 4,
    resolve,
    ...overrides,
  });
}

const item = (cdnUrl: string) => ({
  media_id: 'media-1',
  cdn_url: cdnUrl,
  file_name: 'photo.jpg',
  encryption_metadata: FILE.metadata,
});

describe('media URLs that try to leave the allow-list', () => {
  it.each([
    ['userinfo naming the CDN before the real host', 'https://mmg.whatsapp.net@evil.com/a.enc'],
    ['the CDN hidden in the fragment', 'https://evil.com#@mmg.whatsapp.net/a.enc'],
    ['a backslash before the CDN', 'https://evil.com\\@mmg.whatsapp.net/a.enc'],
    ['userinfo on the CDN itself', 'https://user:secret@mmg.whatsapp.net/a.enc'],
    ['loopback in decimal', 'https://2130706433/a.enc'],
    ['loopback in hex', 'https://0x7f000001/a.enc'],
    ['loopback in octal', 'https://0177.0.0.1/a.enc'],
    ['loopback in short form', 'https://127.1/a.enc'],
    ['IPv6 loopback', 'https://[::1]/a.enc'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/a.enc'],
    ['IPv4-mapped loopback in hex', 'https://[::ffff:7f00:1]/a.enc'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['the CDN name as a subdomain of another', 'https://mmg.whatsapp.net.evil.com/a.enc'],
    ['a name that only ends like the CDN', 'https://evilwhatsapp.net/a.enc'],
    ['port 22', 'https://mmg.whatsapp.net:22/a.enc'],
    ['port 8443', 'https://mmg.whatsapp.net:8443/a.enc'],
    ['plain http', 'http://mmg.whatsapp.net/a.enc'],
    ['another scheme', 'ftp://mmg.whatsapp.net/a.enc'],
  ])('when the cdn_url is %s, then the host check fails before any lookup', async (_case, url) => {
    const { resolve, asked } = resolver({});
    expect(await failedCheck(readerWith(resolve).read(item(url)))).toBe('host');
    expect(asked).toEqual([]);
  });

  it.each([
    ['the CDN', 'https://mmg.whatsapp.net/a.enc', 'mmg.whatsapp.net'],
    ['the CDN with port 443 spelled out', 'https://mmg.whatsapp.net:443/a.enc', 'mmg.whatsapp.net'],
    ['the CDN in capitals', 'https://MMG.WhatsApp.NET/a.enc', 'mmg.whatsapp.net'],
    ['the CDN with a trailing dot', 'https://mmg.whatsapp.net./a.enc', 'mmg.whatsapp.net.'],
    [
      'a host below whatsapp.net',
      'https://media.fra3-1.fna.whatsapp.net/a.enc',
      'media.fra3-1.fna.whatsapp.net',
    ],
  ])(
    'when the cdn_url is %s but it resolves to a private address, then the address check fails',
    async (_case, url, name) => {
      const { resolve, asked } = resolver({ [name]: ['10.0.0.7'] });
      const err = await mediaError(readerWith(resolve).read(item(url)));
      expect(err.check).toBe('address');
      expect(err.message).toContain('10.0.0.7, a private address');
      expect(asked).toEqual([name]);
    },
  );
});

describe('DNS answers for a media host', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.53.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:100.64.0.1', 'carrierGradeNat'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['::7f00:1', 'reserved'],
    ['fec0::1', 'reserved'],
  ])('when the CDN resolves to %s, then it is refused as %s', async (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
    const { resolve } = resolver({ 'mmg.whatsapp.net': [address] });
    const err = await mediaError(readerWith(resolve).read(item('https://mmg.whatsapp.net/a')));
    expect(err.check).toBe('address');
    expect(err.message).toContain(`a ${range} address`);
  });

  it.each([PUBLIC_V4, '31.13.64.52', '2a03:2880:f12f:83:face:b00c::25de'])(
    'when an answer is the public address %s, then it is accepted',
    (address) => {
      expect(nonPublicRange(address)).toBeUndefined();
    },
  );

  it('when one of several answers is private, then the host is refused', async () => {
    const { resolve } = resolver({ 'mmg.whatsapp.net': [PUBLIC_V4, '192.168.0.10'] });
    const err = await mediaError(readerWith(resolve).read(item('https://mmg.whatsapp.net/a')));
    expect(err.check).toBe('address');
    expect(err.message).toContain('192.168.0.10');
  });

  it('when the name does not resolve, then the download fails', async () => {
    const { resolve } = resolver({});
    expect(await failedCheck(readerWith(resolve).read(item('https://mmg.whatsapp.net/a')))).toBe(
      'download',
    );
  });

  it('when the resolver never answers, then the read fails with a timeout', async () => {
    const never: ResolveHost = () => new Promise(() => undefined);
    const reader = readerWith(never, { connectTimeoutMs: 50 });
    expect(await failedCheck(reader.read(item('https://mmg.whatsapp.net/a')))).toBe('timeout');
  });
});

describe('redirects and the addresses connected to', () => {
  let cdn: LoopbackCdn;
  beforeAll(async () => {
    cdn = await startStandInCdn();
  });
  afterAll(() => cdn.close());

  let next = 0;
  // The first hop is this stand-in CDN on loopback, so loopback names are allowed here.
  const loopbackTable = { '127.0.0.1': ['127.0.0.1'], localhost: ['127.0.0.1'] };

  it.each([
    ['port 22 on the CDN', 'https://mmg.whatsapp.net:22/a.enc'],
    ['userinfo naming the CDN', 'https://mmg.whatsapp.net@evil.com/a.enc'],
    ['a private address in decimal', 'https://167772161/a.enc'],
    ['a private address in hex', 'https://0xa000001/a.enc'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/a.enc'],
    ['an IPv6 unique-local address', 'https://[fd00::1]/a.enc'],
    ['the CDN name under another domain', 'https://mmg.whatsapp.net.evil.com/a.enc'],
    ['plain http on the CDN', 'http://mmg.whatsapp.net/a.enc'],
  ])('when the CDN redirects to %s, then the redirect check fails', async (_case, location) => {
    const { resolve, asked } = resolver(loopbackTable);
    const url = cdn.serve(`/hop/${++next}`, { kind: 'redirect', location });
    const reader = readerWith(resolve, { allowLoopback: true });
    expect(await failedCheck(reader.read(item(url)))).toBe('redirect');
    expect(asked).toEqual(['127.0.0.1']);
  });

  it('when the CDN redirects to an allowed name that resolves to a private address, then the address check fails', async () => {
    const { resolve, asked } = resolver({
      ...loopbackTable,
      'mmg.whatsapp.net': ['172.17.0.1'],
    });
    const url = cdn.serve(`/hop/${++next}`, {
      kind: 'redirect',
      location: 'https://mmg.whatsapp.net/a.enc',
    });
    const reader = readerWith(resolve, { allowLoopback: true });
    expect(await failedCheck(reader.read(item(url)))).toBe('address');
    expect(asked).toEqual(['127.0.0.1', 'mmg.whatsapp.net']);
  });

  it('when loopback is allowed but a loopback name resolves elsewhere, then the address check fails', async () => {
    const { resolve } = resolver({ localhost: ['10.0.0.1'] });
    const url = cdn
      .serve(`/file/${++next}`, { kind: 'file', bytes: FILE.bytes })
      .replace('127.0.0.1', 'localhost');
    const reader = readerWith(resolve, { allowLoopback: true });
    expect(await failedCheck(reader.read(item(url)))).toBe('address');
  });

  it('when a host is resolved, then the connection goes to the checked answer and the name is not looked up again', async () => {
    let calls = 0;
    // A rebinding resolver: the first answer is checked; any later one would point elsewhere.
    const rebinding: ResolveHost = async () => {
      calls++;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const url = cdn
      .serve(`/file/${++next}`, { kind: 'file', bytes: FILE.bytes })
      .replace('127.0.0.1', 'localhost');
    const reader = readerWith(rebinding, { allowLoopback: true });
    const file = await reader.read(item(url));
    expect(file.size).toBe(10_000);
    expect(calls).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkTls } from '../../src/device/doctor/check-tls';

/** Test-only self-signed certificates (CN and SAN as named), valid for a century. */
const TLS = join(__dirname, '..', 'fixtures', 'tls');
const certificate = (host: string) => ({
  key: readFileSync(join(TLS, `${host}.key`)),
  cert: readFileSync(join(TLS, `${host}.crt`)),
});

async function serve(tls: { key: Buffer; cert: Buffer }) {
  const server: Server = createServer(tls, (_req, res) => res.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`https://localhost:${(server.address() as AddressInfo).port}/flows/x`);
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the TLS check', () => {
  const localhost = certificate('localhost');

  it('when the certificate is trusted, for the host and long valid, then ok; untrusted, then FAIL', async () => {
    const server = await serve(localhost);
    try {
      expect(await checkTls(server.url, { ca: localhost.cert })).toMatchObject({
        verdict: 'ok',
        detail: expect.stringMatching(/valid for localhost, \d+ days left/),
      });
      expect(await checkTls(server.url)).toMatchObject({
        verdict: 'FAIL',
        detail: expect.stringContaining('SELF_SIGNED'),
        fix: expect.stringContaining('public CA'),
      });
    } finally {
      await server.close();
    }
  });

  it('when the certificate expires within 14 days, then FAIL with the days left', async () => {
    const server = await serve(localhost);
    const expiry = new Date('Nov  5 19:06:13 2126 GMT');
    const now = new Date(expiry.getTime() - 7.5 * 24 * 60 * 60 * 1000);
    try {
      expect(await checkTls(server.url, { ca: localhost.cert, now })).toMatchObject({
        verdict: 'FAIL',
        detail: 'certificate for localhost expires in 7 days (2126-11-05)',
        fix: expect.stringContaining('renew'),
      });
    } finally {
      await server.close();
    }
  });

  it('when the certificate is for another host, then FAIL', async () => {
    const other = certificate('example.org');
    const server = await serve(other);
    try {
      expect(await checkTls(server.url, { ca: other.cert })).toMatchObject({
        verdict: 'FAIL',
        detail: expect.stringContaining('ALTNAME'),
      });
    } finally {
      await server.close();
    }
  });

  it('when nothing serves TLS there, then FAIL without a handshake', async () => {
    const line = await checkTls(new URL('https://127.0.0.1:1/flows/x'));
    expect(line).toMatchObject({
      verdict: 'FAIL',
      detail: expect.stringContaining('no TLS handshake'),
    });
  });
});

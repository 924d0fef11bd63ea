import request from 'supertest';
import { createTestApp } from '../helpers/test-app';

let requests = 0;
const FORWARDED = '203.0.113.7, 198.51.100.2';

/** The access line of the request with this id. */
async function clientOf(trustProxy: boolean | number | string | undefined, path = '/healthz') {
  const { app, logs } = createTestApp({ trustProxy });
  requests += 1;
  const reqId = `trust-${requests}`;
  await request(app).get(path).set('X-Request-Id', reqId).set('X-Forwarded-For', FORWARDED);
  const line = logs.lines().find((entry) => entry.reqId === reqId && entry.msg);
  return (line?.req as { remoteAddress?: string } | undefined)?.remoteAddress;
}

describe('TRUST_PROXY: the client address on the access line', () => {
  it('when no proxy is trusted, then it is the socket address and X-Forwarded-For is ignored', async () => {
    expect(await clientOf(undefined)).toMatch(/127\.0\.0\.1$/);
    expect(await clientOf(false)).toMatch(/127\.0\.0\.1$/);
  });

  it('when every proxy is trusted, then it is the furthest address X-Forwarded-For names', async () => {
    expect(await clientOf(true)).toBe('203.0.113.7');
  });

  it('when one hop is trusted, then it is the address that hop saw', async () => {
    expect(await clientOf(1)).toBe('198.51.100.2');
  });

  it('when the loopback proxy and a subnet are trusted, then untrusted hops stop the walk', async () => {
    expect(await clientOf('loopback, 198.51.100.0/24')).toBe('203.0.113.7');
    expect(await clientOf('loopback')).toBe('198.51.100.2');
  });

  it('when a flow request comes through a trusted proxy, then its line names the client too', async () => {
    expect(await clientOf(true, '/flows/book-appointment')).toBe('203.0.113.7');
  });
});

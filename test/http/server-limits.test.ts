import { ConfigError } from '../../src/config/config-error';
import { DEFAULT_UNVERIFIED_BODIES_MAX, loadServerLimits } from '../../src/http/server-limits';

describe('server limits', () => {
  it('when nothing is set, then 1000 connections, 5 s for headers, 10 s for a request and 32 MiB of unverified bodies', () => {
    expect(loadServerLimits({})).toEqual({
      maxConnections: 1000,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10_000,
      unverifiedBodiesMax: DEFAULT_UNVERIFIED_BODIES_MAX,
    });
    expect(DEFAULT_UNVERIFIED_BODIES_MAX).toBe(32 * 1024 * 1024);
  });

  it('when set, then each is taken, sizes with their unit', () => {
    expect(
      loadServerLimits({
        MAX_CONNECTIONS: '200',
        HEADERS_TIMEOUT: '2000',
        REQUEST_TIMEOUT: '8000',
        UNVERIFIED_BODIES_MAX: '64mb',
      }),
    ).toEqual({
      maxConnections: 200,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 8000,
      unverifiedBodiesMax: 64 * 1024 * 1024,
    });
  });

  it.each([
    [
      'MAX_CONNECTIONS',
      { MAX_CONNECTIONS: '0' },
      /MAX_CONNECTIONS must be a number of connections/,
    ],
    [
      'REQUEST_TIMEOUT',
      { REQUEST_TIMEOUT: '10s' },
      /REQUEST_TIMEOUT must be a number of milliseconds/,
    ],
    [
      'HEADERS_TIMEOUT',
      { HEADERS_TIMEOUT: '20000' },
      /HEADERS_TIMEOUT must not be longer than REQUEST_TIMEOUT/,
    ],
    ['UNVERIFIED_BODIES_MAX', { UNVERIFIED_BODIES_MAX: '64kb' }, /must be at least 1mb/],
  ])('when %s is wrong, then a ConfigError says what to fix', (_name, env, message) => {
    let error: unknown;
    try {
      loadServerLimits(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(message);
  });
});

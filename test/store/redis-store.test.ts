import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { createRedisStore } from '../../src/store/redis-store';
import type { Store } from '../../src/store/store';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { describeStoreContract } from './store-contract';

const uniquePrefix = () => `test:${randomUUID()}:`;

const OPERATIONS = [
  'get',
  'set',
  'setWithTtl',
  'setIfAbsent',
  'delete',
  'addToSet',
  'setMembers',
  'writeDurably',
  'ping',
] as const;

/** Every operation, with keys and values a log must never show. */
const everyOperation = (
  store: Store,
): Record<(typeof OPERATIONS)[number], () => Promise<unknown>> => ({
  get: () => store.get('secret-key'),
  set: () => store.set('secret-key', 'secret-value'),
  setWithTtl: () => store.set('secret-key', 'secret-value', 60),
  setIfAbsent: () => store.setIfAbsent('secret-key', 'secret-value', 60),
  delete: () => store.delete('secret-key'),
  addToSet: () => store.addToSet('secret-set', 'secret-member'),
  setMembers: () => store.setMembers('secret-set'),
  writeDurably: () =>
    store.writeDurably([{ op: 'setIfAbsent', key: 'secret-key', value: 'secret-value' }]),
  ping: () => store.ping(),
});

/** Each operation's outcome and duration, for one assertion over all of them. */
async function outcomes(store: Store) {
  const results: Record<string, { unavailable: boolean; underTwoSeconds: boolean }> = {};
  for (const [name, operation] of Object.entries(everyOperation(store))) {
    const started = Date.now();
    const error = await operation().then(
      () => undefined,
      (err: unknown) => err,
    );
    results[name] = {
      unavailable: error instanceof StoreUnavailableError,
      underTwoSeconds: Date.now() - started < 2000,
    };
  }
  return results;
}

const allFailedFast = Object.fromEntries(
  OPERATIONS.map((name) => [name, { unavailable: true, underTwoSeconds: true }]),
);

/** Resolves with the milliseconds until ping first succeeds; rejects after `limitMs`. */
async function msUntilPingAnswers(store: Store, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    try {
      await store.ping();
      return Date.now() - started;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`ping did not answer within ${limitMs} ms`);
}

describe('Redis store', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server.stop());

  describeStoreContract('Redis store', async () => {
    const store = createRedisStore(server.url, { keyPrefix: uniquePrefix() });
    return { store, cleanup: () => store.close() };
  });

  it('when no prefix is given, then keys are stored under flows:', async () => {
    const store = createRedisStore(server.url);
    const raw = new Redis(server.url);
    await store.set('prefixed', 'value');
    await expect(raw.get('flows:prefixed')).resolves.toBe('value');
    await raw.del('flows:prefixed');
    raw.disconnect();
    await store.close();
  });

  it('when two apps use different prefixes, then neither sees the other’s keys', async () => {
    const one = createRedisStore(server.url, { keyPrefix: 'app-one:' });
    const two = createRedisStore(server.url, { keyPrefix: 'app-two:' });
    await one.set('shared-name', 'one');
    await expect(two.get('shared-name')).resolves.toBeUndefined();
    await expect(two.setIfAbsent('shared-name', 'two')).resolves.toBe(true);
    await expect(one.get('shared-name')).resolves.toBe('one');
    await Promise.all([one.delete('shared-name'), two.delete('shared-name')]);
    await Promise.all([one.close(), two.close()]);
  });

  it('when a prefix is deleted, then another app sharing Redis keeps its keys of the same name', async () => {
    const one = createRedisStore(server.url, { keyPrefix: 'erase-one:' });
    const two = createRedisStore(server.url, { keyPrefix: 'erase-two:' });
    await one.set('t/acme/session', 'one');
    await two.set('t/acme/session', 'two');
    await expect(one.deleteByPrefix('t/acme/')).resolves.toBe(1);
    await expect(one.get('t/acme/session')).resolves.toBeUndefined();
    await expect(two.get('t/acme/session')).resolves.toBe('two');
    await two.delete('t/acme/session');
    await Promise.all([one.close(), two.close()]);
  });

  it('when Redis refuses a command, then the 503 names the store and carries no key or value', async () => {
    const store = createRedisStore(server.url, { keyPrefix: uniquePrefix() });
    await store.set('secret-key', 'secret-value');
    const error = await store.addToSet('secret-key', 'secret-member').catch((err: unknown) => err);

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/^Redis store: addToSet failed \(WRONGTYPE /);
    const cause = (error as Error).cause as Error;
    expect(JSON.stringify({ ...cause, message: cause.message })).not.toMatch(/secret/);
    await store.close();
  });
});

describe('Redis store when Redis fails', () => {
  let server: RedisServer;
  let store: Store;
  beforeEach(async () => {
    server = await startRedisServer();
    store = createRedisStore(server.url, { keyPrefix: uniquePrefix() });
    await store.set('before', 'failure');
  });
  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  it('when Redis is stopped, then every operation rejects with StoreUnavailableError within 2 s', async () => {
    await server.stop();
    expect(await outcomes(store)).toEqual(allFailedFast);
  });

  it('when Redis is killed, then every operation rejects with StoreUnavailableError within 2 s', async () => {
    await server.kill();
    expect(await outcomes(store)).toEqual(allFailedFast);
  });

  it('when Redis hangs without closing connections, then every operation rejects with StoreUnavailableError within 2 s', async () => {
    server.pause();
    try {
      expect(await outcomes(store)).toEqual(allFailedFast);
    } finally {
      server.resume();
    }
  });

  it('when Redis comes back on the same port, then the same store works again within 5 s', async () => {
    await server.stop();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);

    await server.restart();

    await expect(msUntilPingAnswers(store, 5000)).resolves.toBeLessThan(5000);
    await store.set('after', 'recovery');
    await expect(store.get('after')).resolves.toBe('recovery');
  });

  it('when a hung Redis resumes, then the same store works again within 5 s', async () => {
    server.pause();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);

    server.resume();

    await expect(msUntilPingAnswers(store, 5000)).resolves.toBeLessThan(5000);
    await expect(store.get('before')).resolves.toBe('failure');
  });

  it('when Redis goes away and comes back, then the logger hears of each once, without data', async () => {
    const logger = { warn: jest.fn(), info: jest.fn() };
    const logged = createRedisStore(server.url, { keyPrefix: uniquePrefix(), logger });
    try {
      await logged.set('secret-key', 'secret-value');

      await server.stop();
      await logged.ping().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // a few reconnect attempts
      await server.restart();
      await msUntilPingAnswers(logged, 5000);
    } finally {
      await logged.close();
    }

    // The test server keeps no append-only file: that is warned about too, once, at start.
    const outages = logger.warn.mock.calls.filter(([, text]) => text !== undefined);
    expect(outages).toHaveLength(1);
    expect(outages[0]?.[1]).toBe('Redis store unavailable, reconnecting');
    expect(logger.info.mock.calls).toEqual([['Redis store available again']]);
    expect(JSON.stringify(logger.warn.mock.calls)).not.toMatch(/secret/);
  });
});

describe('Redis store created while Redis is down', () => {
  it('when Redis is down at start, then calls fail within 2 s, and work once Redis starts', async () => {
    const server = await startRedisServer();
    await server.stop();
    const store = createRedisStore(server.url, { keyPrefix: uniquePrefix() });
    try {
      expect(await outcomes(store)).toEqual(allFailedFast);

      await server.restart();
      await expect(msUntilPingAnswers(store, 5000)).resolves.toBeLessThan(5000);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

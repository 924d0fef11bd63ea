import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import type { Store } from './store';

/** WhatsApp waits ~10 s for an answer: a Redis that has not answered in 1 s is treated as down. */
const TIMEOUT_MS = 1000;

export interface RedisStoreOptions {
  /** Prepended to every key, so several apps can share one Redis. Default `flows:`. */
  keyPrefix?: string;
  /** Told when Redis goes away and comes back; never given keys or values. */
  logger?: Pick<Logger, 'warn' | 'info'>;
}

/**
 * The store in Redis (`redis://host:port[/db]` or `rediss://…`). While Redis is down every call
 * fails at once with a StoreUnavailableError (503) instead of queueing, and the client keeps
 * reconnecting in the background, so service resumes by itself when Redis is back.
 */
export function createRedisStore(url: string, options: RedisStoreOptions = {}): Store {
  const client = new Redis(url, {
    keyPrefix: options.keyPrefix ?? 'flows:',
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: TIMEOUT_MS,
    // A server that stops answering (hung, or a network black hole) has its connection dropped,
    // so later calls fail at once while the client reconnects, instead of each waiting 1 s.
    socketTimeout: TIMEOUT_MS,
    connectTimeout: TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });

  // Only transitions are logged, not every failed reconnect attempt.
  let available = true;
  client.on('error', (err: Error) => {
    if (!available) return;
    available = false;
    options.logger?.warn({ err: withoutArguments(err) }, 'Redis store unavailable, reconnecting');
  });
  client.on('ready', () => {
    if (available) return;
    available = true;
    options.logger?.info('Redis store available again');
  });

  // Without an offline queue, a call made while the first connection is still being set up
  // would fail; calls wait for that first attempt (bounded by the connect timeout) instead.
  const firstAttempt = new Promise<void>((resolve) => {
    const settle = () => {
      clearTimeout(timer);
      for (const event of ['ready', 'error', 'end']) client.off(event, settle);
      resolve();
    };
    const timer = setTimeout(settle, TIMEOUT_MS);
    timer.unref();
    for (const event of ['ready', 'error', 'end']) client.once(event, settle);
  });

  const run = async <T>(operation: string, command: () => Promise<T>): Promise<T> => {
    await firstAttempt;
    try {
      return await command();
    } catch (err) {
      const clean = withoutArguments(err);
      throw new StoreUnavailableError(`Redis store: ${operation} failed (${clean.message})`, {
        cause: clean,
      });
    }
  };

  // PX rather than EX so that a fractional TTL is honoured as SQLite honours it.
  const ttlMs = (ttlSeconds: number) => Math.ceil(ttlSeconds * 1000);

  return {
    get: (key) => run('get', async () => (await client.get(key)) ?? undefined),
    set: (key, value, ttlSeconds) =>
      run('set', async () => {
        if (ttlSeconds === undefined) await client.set(key, value);
        else await client.set(key, value, 'PX', ttlMs(ttlSeconds));
      }),
    setIfAbsent: (key, value, ttlSeconds) =>
      run('setIfAbsent', async () => {
        const reply =
          ttlSeconds === undefined
            ? await client.set(key, value, 'NX')
            : await client.set(key, value, 'PX', ttlMs(ttlSeconds), 'NX');
        return reply === 'OK';
      }),
    delete: (key) =>
      run('delete', async () => {
        await client.del(key);
      }),
    addToSet: (key, member) =>
      run('addToSet', async () => {
        await client.sadd(key, member);
      }),
    setMembers: (key) => run('setMembers', () => client.smembers(key)),
    ping: () =>
      run('ping', async () => {
        await client.ping();
      }),
    close: async () => {
      if (client.status === 'end') return;
      // QUIT lets pending replies arrive; with Redis down there is nothing to wait for.
      if (client.status === 'ready') {
        try {
          await client.quit();
          return;
        } catch {
          // fall through to a hard disconnect
        }
      }
      client.disconnect();
    },
  };
}

/**
 * The error with its name, message and stack only: ioredis attaches the command and its
 * arguments (keys, values) to reply errors, and the cause of a 503 ends up in the request log.
 */
function withoutArguments(err: unknown): Error {
  const clean = new Error(err instanceof Error ? err.message : String(err));
  if (err instanceof Error) {
    clean.name = err.name;
    if (err.stack !== undefined) clean.stack = err.stack;
  }
  return clean;
}

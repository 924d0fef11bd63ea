import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import { globEscape, nonEmpty } from './key-range';
import { checkRedisDurability } from './redis-durability';
import type { Store, StoreWrite } from './store';
import { createWriteHealth } from './write-health';

/** WhatsApp waits ~10 s for an answer: a Redis that has not answered in 1 s is treated as down. */
const TIMEOUT_MS = 1000;

export interface RedisStoreOptions {
  /** Prepended to every key, so several apps can share one Redis. Default `flows:`. */
  keyPrefix?: string;
  /**
   * Told when Redis goes away and comes back, and when its settings could lose acknowledged
   * writes; never given keys or values.
   */
  logger?: Pick<Logger, 'warn' | 'info'>;
}

/** Keys SCAN looks at per call while deleting by prefix: each call is short for Redis. */
const SCAN_BATCH = 500;

/** Where a write probe leaves its mark: one key, expiring. */
const PROBE_KEY = 'health:write-probe';

/**
 * The store in Redis (`redis://host:port[/db]` or `rediss://…`). While Redis is down every call
 * fails at once with a StoreUnavailableError (503) instead of queueing, and the client keeps
 * reconnecting in the background, so service resumes by itself when Redis is back.
 */
export function createRedisStore(url: string, options: RedisStoreOptions = {}): Store {
  const keyPrefix = options.keyPrefix ?? 'flows:';
  const client = new Redis(url, {
    keyPrefix,
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
  if (options.logger !== undefined) {
    const logger = options.logger;
    client.once('ready', () => void checkRedisDurability(client, logger));
  }
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

  /** A write's outcome is told to the write health. */
  const run = async <T>(
    operation: string,
    command: () => Promise<T>,
    isWrite = false,
  ): Promise<T> => {
    await firstAttempt;
    try {
      const result = await command();
      if (isWrite) health.succeeded();
      return result;
    } catch (err) {
      const clean = withoutArguments(err);
      const failure = new StoreUnavailableError(
        `Redis store: ${operation} failed (${clean.message})`,
        { cause: clean },
      );
      if (isWrite) health.failed(failure);
      throw failure;
    }
  };
  const write = <T>(operation: string, command: () => Promise<T>) => run(operation, command, true);

  /** Writes' outcomes also tell whether Redis accepts writes (out of memory, disk errors). */
  const health = createWriteHealth(async () => {
    await run('write', () => client.set(PROBE_KEY, String(Date.now()), 'PX', 60_000));
    return 'written';
  });

  // PX rather than EX so that a fractional TTL is honoured as SQLite honours it.
  const ttlMs = (ttlSeconds: number) => Math.ceil(ttlSeconds * 1000);

  /** MULTI/EXEC: Redis applies them together, and (appendfsync always) on disk before answering. */
  const transaction = async (writes: readonly StoreWrite[]) => {
    const multi = client.multi();
    for (const item of writes) {
      if (item.op === 'addToSet') {
        multi.sadd(item.key, item.member);
        continue;
      }
      const { key, value, ttlSeconds } = item;
      const onlyIfAbsent = item.op === 'setIfAbsent';
      if (ttlSeconds === undefined) {
        if (onlyIfAbsent) multi.set(key, value, 'NX');
        else multi.set(key, value);
      } else if (onlyIfAbsent) multi.set(key, value, 'PX', ttlMs(ttlSeconds), 'NX');
      else multi.set(key, value, 'PX', ttlMs(ttlSeconds));
    }
    const replies = await multi.exec();
    if (replies === null) throw new Error('transaction aborted');
    return replies.map(([err, reply], i) => {
      if (err) throw err;
      return writes[i]?.op !== 'setIfAbsent' || reply === 'OK';
    });
  };

  return {
    get: (key) => run('get', async () => (await client.get(key)) ?? undefined),
    set: (key, value, ttlSeconds) =>
      write('set', async () => {
        if (ttlSeconds === undefined) await client.set(key, value);
        else await client.set(key, value, 'PX', ttlMs(ttlSeconds));
      }),
    setIfAbsent: (key, value, ttlSeconds) =>
      write('setIfAbsent', async () => {
        const reply =
          ttlSeconds === undefined
            ? await client.set(key, value, 'NX')
            : await client.set(key, value, 'PX', ttlMs(ttlSeconds), 'NX');
        return reply === 'OK';
      }),
    delete: (key) =>
      write('delete', async () => {
        await client.del(key);
      }),
    addToSet: (key, member) =>
      write('addToSet', async () => {
        await client.sadd(key, member);
      }),
    setMembers: (key) => run('setMembers', () => client.smembers(key)),
    deleteByPrefix: async (prefix) => {
      // SCAN ignores the client's key prefix: it is added to the pattern and taken off the keys.
      const match = `${globEscape(keyPrefix + nonEmpty(prefix))}*`;
      return write('deleteByPrefix', async () => {
        let cursor = '0';
        let deleted = 0;
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', SCAN_BATCH);
          cursor = next;
          // UNLINK frees memory in the background: a large tenant does not block Redis.
          if (keys.length > 0) {
            deleted += await client.unlink(...keys.map((key) => key.slice(keyPrefix.length)));
          }
        } while (cursor !== '0');
        return deleted;
      });
    },
    writeDurably: (writes) => write('writeDurably', () => transaction(writes)),
    ping: async () => {
      await run('ping', async () => {
        await client.ping();
      });
      await health.check();
    },
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

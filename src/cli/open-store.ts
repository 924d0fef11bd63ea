import { existsSync } from 'node:fs';
import { storeConfigPart } from '../config/command-parts';
import { createRedisStore } from '../store/redis-store';
import { parseStoreUrl, STORE_URL_FORMAT } from '../store/parse-store-url';
import { createSqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store';
import { loadCommandEnv } from './load-command-env';
import { UsageError } from './usage-error';

export interface OpenStoreOptions {
  /**
   * For a command that reads existing data: a SQLite file that is not there is a typo, not an
   * empty store (opening it would create it and report nothing).
   */
  mustExist: boolean;
}

/** Where STORE_URL points, for messages: never the Redis password. */
function describe(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'Redis';
  }
}

/**
 * Opens the store STORE_URL names and checks that it answers, or throws a UsageError naming
 * STORE_URL and what is wrong (exit 2), so a command never prints a stack for a bad URL, a missing
 * file or a Redis that is down.
 */
async function openStore(url: string, { mustExist }: OpenStoreOptions): Promise<Store> {
  let location;
  try {
    location = parseStoreUrl(url);
  } catch {
    throw new UsageError(STORE_URL_FORMAT);
  }
  if (location.kind === 'sqlite') {
    if (mustExist && location.path !== ':memory:' && !existsSync(location.path)) {
      throw new UsageError(
        `STORE_URL: there is no SQLite store at ${location.path} (check the path; nothing was created)`,
      );
    }
    try {
      return createSqliteStore(location.path);
    } catch (err) {
      throw new UsageError(
        `STORE_URL: cannot open the SQLite store at ${location.path} (${(err as Error).message})`,
      );
    }
  }
  const store = createRedisStore(location.url);
  try {
    await store.ping();
  } catch {
    await store.close().catch(() => undefined);
    throw new UsageError(
      `STORE_URL: the Redis store at ${describe(location.url)} does not answer (is it running?)`,
    );
  }
  return store;
}

/** `openStore`, then `use` it, closing it whatever happens. */
export async function withStore<T>(
  url: string,
  options: OpenStoreOptions,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(url, options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/**
 * The one way a command reads what the server recorded (completions, events, bookings, sent
 * messages): STORE_URL from the environment or .env, and a SQLite file that must already exist.
 */
export function withRecordedStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const { store } = loadCommandEnv({ store: storeConfigPart });
  return withStore(store.url, { mustExist: true }, use);
}

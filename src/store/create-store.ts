import { parseStoreUrl } from './parse-store-url';
import { createRedisStore, type RedisStoreOptions } from './redis-store';
import { createSqliteStore } from './sqlite-store';
import type { Store } from './store';

export type CreateStoreOptions = RedisStoreOptions;

/** The store STORE_URL names; throws on a URL that is neither SQLite nor Redis. */
export function createStore(url: string, options: CreateStoreOptions = {}): Store {
  const location = parseStoreUrl(url);
  return location.kind === 'sqlite'
    ? createSqliteStore(location.path, { logger: options.logger })
    : createRedisStore(location.url, options);
}

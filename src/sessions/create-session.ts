import { z } from 'zod';
import type { Store } from '../store/store';
import { storedJson, type LogSource } from '../store/stored-json';
import type { Session } from './session';

export const sessionKey = (tokenKey: string) => `session:${tokenKey}`;

const sessionRecord = storedJson('session', z.record(z.string(), z.unknown()));

/**
 * A session read from the store on first use and written through on every set. An unreadable
 * stored session starts afresh.
 */
export function createSession(
  store: Store,
  tokenKey: string,
  ttlSeconds: number,
  logs: LogSource,
): Session {
  const key = sessionKey(tokenKey);
  let values: Record<string, unknown> | undefined;
  const load = async () => {
    values ??= sessionRecord.read(await store.get(key), logs) ?? {};
    return values;
  };
  return {
    async get<T>(name: string) {
      return (await load())[name] as T | undefined;
    },
    async set(name, value) {
      const current = await load();
      current[name] = value;
      await store.set(key, sessionRecord.write(current), ttlSeconds);
    },
    async clear() {
      values = {};
      await store.delete(key);
    },
  };
}

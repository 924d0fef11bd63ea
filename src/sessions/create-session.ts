import type { Store } from '../store/store';
import type { Session } from './session';

export const sessionKey = (tokenKey: string) => `session:${tokenKey}`;

/** A session read from the store on first use and written through on every set. */
export function createSession(store: Store, tokenKey: string, ttlSeconds: number): Session {
  const key = sessionKey(tokenKey);
  let values: Record<string, unknown> | undefined;
  const load = async () => {
    if (values === undefined) {
      const stored = await store.get(key);
      values = stored === undefined ? {} : (JSON.parse(stored) as Record<string, unknown>);
    }
    return values;
  };
  return {
    async get<T>(name: string) {
      return (await load())[name] as T | undefined;
    },
    async set(name, value) {
      const current = await load();
      current[name] = value;
      await store.set(key, JSON.stringify(current), ttlSeconds);
    },
    async clear() {
      values = {};
      await store.delete(key);
    },
  };
}

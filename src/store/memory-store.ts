import type { Store } from './store';

/**
 * The store in this process's memory: for unit tests that want no file and no server. Not shared
 * between processes, so never a production store.
 */
export function createMemoryStore(now: () => number = Date.now): Store {
  const values = new Map<string, { value: string; expiresAt: number | undefined }>();
  const sets = new Map<string, Set<string>>();

  const live = (key: string) => {
    const entry = values.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, value: string, ttlSeconds?: number) => {
    values.set(key, {
      value,
      expiresAt: ttlSeconds === undefined ? undefined : now() + ttlSeconds * 1000,
    });
  };

  return {
    get: async (key) => live(key)?.value,
    set: async (key, value, ttlSeconds) => put(key, value, ttlSeconds),
    setIfAbsent: async (key, value, ttlSeconds) => {
      if (live(key)) return false;
      put(key, value, ttlSeconds);
      return true;
    },
    delete: async (key) => {
      values.delete(key);
      sets.delete(key);
    },
    addToSet: async (key, member) => {
      const set = sets.get(key) ?? new Set<string>();
      set.add(member);
      sets.set(key, set);
    },
    setMembers: async (key) => [...(sets.get(key) ?? [])],
    ping: async () => {},
    close: async () => {},
  };
}

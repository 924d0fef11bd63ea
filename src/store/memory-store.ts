import { nonEmpty } from './key-range';
import type { Store, StoreWrite } from './store';

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

  const apply = (item: StoreWrite): boolean => {
    if (item.op === 'addToSet') {
      const set = sets.get(item.key) ?? new Set<string>();
      set.add(item.member);
      sets.set(item.key, set);
      return true;
    }
    if (item.op === 'setIfAbsent' && live(item.key)) return false;
    put(item.key, item.value, item.ttlSeconds);
    return true;
  };

  return {
    get: async (key) => live(key)?.value,
    set: async (key, value, ttlSeconds) => put(key, value, ttlSeconds),
    setIfAbsent: async (key, value, ttlSeconds) =>
      apply({ op: 'setIfAbsent', key, value, ttlSeconds }),
    delete: async (key) => {
      values.delete(key);
      sets.delete(key);
    },
    addToSet: async (key, member) => {
      apply({ op: 'addToSet', key, member });
    },
    setMembers: async (key) => [...(sets.get(key) ?? [])],
    deleteByPrefix: async (prefix) => {
      const keys = new Set(
        [...values.keys(), ...sets.keys()].filter((key) => key.startsWith(nonEmpty(prefix))),
      );
      for (const key of keys) {
        values.delete(key);
        sets.delete(key);
      }
      return keys.size;
    },
    // Nothing can interleave: JavaScript runs the whole batch before anything else.
    writeDurably: async (writes) => writes.map(apply),
    ping: async () => {},
    close: async () => {},
  };
}

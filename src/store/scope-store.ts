import type { Store } from './store';

/**
 * The store as one tenant sees it: every key under `prefix`, so nothing it reads or writes can
 * name another tenant's records. The default tenant uses the store itself (today's keys).
 */
export function scopeStore(store: Store, prefix: string): Store {
  const at = (key: string) => prefix + key;
  return {
    get: (key) => store.get(at(key)),
    set: (key, value, ttlSeconds) => store.set(at(key), value, ttlSeconds),
    setIfAbsent: (key, value, ttlSeconds) => store.setIfAbsent(at(key), value, ttlSeconds),
    delete: (key) => store.delete(at(key)),
    addToSet: (key, member) => store.addToSet(at(key), member),
    setMembers: (key) => store.setMembers(at(key)),
    deleteByPrefix: (key) => store.deleteByPrefix(at(key)),
    writeDurably: (writes) => store.writeDurably(writes.map((w) => ({ ...w, key: at(w.key) }))),
    ping: () => store.ping(),
    // The tenant's view does not own the connection.
    close: () => Promise.resolve(),
  };
}

/** Where a stored tenant's records live: `t/<id>/…`, apart from the default tenant's keys. */
export const tenantPrefix = (tenantId: string) => `t/${tenantId}/`;

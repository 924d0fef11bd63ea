import type { Store } from '../store/store';
import { DIRECTORY_KEYS } from './stored-tenant';

/** Long enough for any replica that polls to have read it. */
const CHANGE_TTL_SECONDS = 24 * 60 * 60;

/**
 * The log of changed tenant ids that every replica polls. Each change claims the next sequence
 * number with setIfAbsent (so concurrent writers never share one), then raises the marker.
 */
export function createTenantChanges(store: Store) {
  const marker = async () => Number((await store.get(DIRECTORY_KEYS.revision)) ?? '0') || 0;
  return {
    marker,
    async record(id: string): Promise<void> {
      let seq = (await marker()) + 1;
      while (!(await store.setIfAbsent(DIRECTORY_KEYS.change(seq), id, CHANGE_TTL_SECONDS)))
        seq += 1;
      await store.set(DIRECTORY_KEYS.revision, String(seq));
    },
    /**
     * The ids changed after `seen`, and the new `seen`; `all` when entries expired in between,
     * so every cached entry must go.
     */
    async since(seen: number): Promise<{ ids: string[]; seen: number; all: boolean }> {
      const ids: string[] = [];
      let at = seen;
      for (;;) {
        const id = await store.get(DIRECTORY_KEYS.change(at + 1));
        if (id === undefined) break;
        ids.push(id);
        at += 1;
      }
      const latest = await marker();
      return latest > at ? { ids, seen: latest, all: true } : { ids, seen: at, all: false };
    },
  };
}

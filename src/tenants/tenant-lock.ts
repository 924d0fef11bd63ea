import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../store/store';
import { DIRECTORY_KEYS } from './stored-tenant';
import { TenantError } from './tenant-error';

export interface TenantLockOptions {
  /** How long a change waits for another one to the same tenant. Default 10 s. */
  waitMs?: number;
  /** How long a lock outlives a process that died holding it. Default 30 s. */
  ttlSeconds?: number;
}

export type TenantLock = <T>(id: string, change: () => Promise<T>) => Promise<T>;

const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 200;

/**
 * One change to a tenant at a time, across every replica and command sharing the store: each
 * change reads the record, then writes it whole, so two at once (an admin PUT and a key rotation,
 * say) would lose one of them. A change that waits longer than `waitMs` is refused as a conflict.
 */
export function createTenantLock(store: Store, options: TenantLockOptions = {}): TenantLock {
  const waitMs = options.waitMs ?? 10_000;
  const ttlSeconds = options.ttlSeconds ?? 30;
  return async (id, change) => {
    const key = DIRECTORY_KEYS.lock(id);
    const mine = randomUUID();
    const giveUpAt = Date.now() + waitMs;
    for (let pause = FIRST_PAUSE_MS; !(await store.setIfAbsent(key, mine, ttlSeconds));) {
      if (Date.now() >= giveUpAt) {
        throw TenantError.conflict(`tenant ${id} is being changed by someone else: try again`);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
    try {
      return await change();
    } finally {
      // Not someone else's: it may have expired and been taken while this change ran.
      if ((await store.get(key)) === mine) await store.delete(key);
    }
  };
}

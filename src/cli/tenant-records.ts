import { scopeStore, tenantPrefix } from '../store/scope-store';
import type { Store } from '../store/store';
import { DIRECTORY_KEYS } from '../tenants/stored-tenant';
import { createWebhookRecords } from '../webhooks/webhook-records';
import { withRecordedStore } from './open-store';
import { UsageError } from './usage-error';

/** The option every command reading records takes (completions, events, a flow's own). */
export const TENANT_RECORDS_OPTION = [
  '--tenant <id>',
  "that tenant's records (partner mode; a removed tenant's too, until it is erased)",
] as const;

/**
 * Is `id` a tenant whose records may be read: one in the directory, or one removed but not erased
 * (so that whatever it kept can be exported before `--erase`)? Only the
 * directory's plain record is looked at: no secret is opened, TENANT_SECRETS_KEY is not needed.
 */
async function isKnown(store: Store, scoped: Store, id: string): Promise<boolean> {
  if ((await store.get(DIRECTORY_KEYS.record(id))) !== undefined) return true;
  if ((await store.get(DIRECTORY_KEYS.removed(id))) !== undefined) return true;
  return !(await createWebhookRecords(scoped).isEmpty());
}

/**
 * The store as a command that reads records sees it: STORE_URL's own keys (the default tenant's),
 * or with a tenant that tenant's scope, `t/<id>/`. A tenant neither in the directory nor with
 * anything kept is the user's mistake: one line, exit 2.
 */
export function withRecordsOf<T>(
  tenant: string | undefined,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  return withRecordedStore(async (store) => {
    if (tenant === undefined) return use(store);
    const scoped = scopeStore(store, tenantPrefix(tenant));
    if (!(await isKnown(store, scoped, tenant))) {
      throw new UsageError(
        `--tenant: no tenant ${tenant}, and nothing kept for it (never added, or erased)`,
      );
    }
    return use(scoped);
  });
}

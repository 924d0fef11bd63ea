import { scopeStore, tenantPrefix } from '../store/scope-store';
import type { Store } from '../store/store';
import { tokenSecretOf } from './flows-token';
import { withStore } from './open-store';

/**
 * For commands that issue flow tokens and record them (send, template send): the secret and the
 * store from the loaded TOKEN_STORE_ENV, the store closed whatever `use` does. With a tenant, the
 * store is that tenant's scope, where its webhook lane looks for sent messages.
 */
export async function withTokenStore<T>(
  env: { token: { secret: string | undefined }; store: { url: string } },
  tenant: string | undefined,
  use: (deps: { store: Store; tokenSecret: string }) => Promise<T>,
): Promise<T> {
  const tokenSecret = tokenSecretOf(env.token);
  // Sending records a token: a SQLite file that is not there yet is created.
  return withStore(env.store.url, { mustExist: false }, (store) =>
    use({
      store: tenant === undefined ? store : scopeStore(store, tenantPrefix(tenant)),
      tokenSecret,
    }),
  );
}

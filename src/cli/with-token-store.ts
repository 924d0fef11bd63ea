import { createStore } from '../store/create-store';
import type { Store } from '../store/store';
import { tokenSecretOf } from './flows-token';

/**
 * For commands that issue flow tokens and record them (send, template send): the secret and the
 * store from the loaded TOKEN_STORE_ENV, the store closed whatever `use` does.
 */
export async function withTokenStore<T>(
  env: { FLOW_TOKEN_SECRET?: string | undefined; STORE_URL: string },
  use: (deps: { store: Store; tokenSecret: string }) => Promise<T>,
): Promise<T> {
  const tokenSecret = tokenSecretOf(env);
  const store = createStore(env.STORE_URL);
  try {
    return await use({ store, tokenSecret });
  } finally {
    await store.close();
  }
}

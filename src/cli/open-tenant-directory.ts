import pino from 'pino';
import { storeConfigPart } from '../config/command-parts';
import {
  createTenantDirectory,
  type StoredTenantDirectory,
} from '../tenants/create-tenant-directory';
import { TenantError } from '../tenants/tenant-error';
import { tenantSecretsConfigPart } from '../tenants/tenant-secrets-config';
import { loadCommandEnv } from './load-command-env';
import { withStore } from './open-store';
import { UsageError } from './usage-error';

/**
 * The tenants in STORE_URL's store, their secrets opened with TENANT_SECRETS_KEY, for one
 * command; closed whatever happens. A tenant refused (invalid, unknown, in conflict) is the
 * user's to fix: one line, exit 2.
 */
export async function withTenantDirectory<T>(
  use: (directory: StoredTenantDirectory) => Promise<T>,
): Promise<T> {
  const { store, tenantSecrets } = loadCommandEnv({
    store: storeConfigPart,
    tenantSecrets: tenantSecretsConfigPart,
  });
  if (tenantSecrets === undefined) {
    throw new UsageError(
      "TENANT_SECRETS_KEY is not set: tenants' secrets are sealed under it; set it to the deployment's master key (openssl rand -base64 32)",
    );
  }
  return withStore(store.url, { mustExist: false }, async (opened) => {
    const directory = createTenantDirectory({
      store: opened,
      keyring: tenantSecrets,
      // A command serves no requests: the deployment's own keys are the server's business.
      sharedKeys: () => [],
      // Nothing a command does with tenants is logged: what it did is what it prints.
      logger: pino({ level: 'silent' }),
      refreshMs: 60_000,
    });
    try {
      return await use(directory);
    } catch (err) {
      if (err instanceof TenantError) throw new UsageError(err.message);
      throw err;
    } finally {
      directory.close();
    }
  });
}

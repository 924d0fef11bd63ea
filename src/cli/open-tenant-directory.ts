import type { TenantDirectory } from '../tenants/tenant-directory';
import { UsageError } from './usage-error';

/**
 * The deployment's tenants, for commands given `--tenant` or `--all-tenants`: their secrets are
 * sealed under TENANT_SECRETS_KEY, so without it no tenant command can run (exit 2).
 */
export function openTenantDirectory(): Promise<TenantDirectory> {
  if (!process.env.TENANT_SECRETS_KEY) {
    return Promise.reject(new UsageError('partner mode needs TENANT_SECRETS_KEY'));
  }
  return Promise.reject(new UsageError('partner mode: the tenant directory cannot be opened here'));
}

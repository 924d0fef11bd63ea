import type { TenantDirectory } from '../tenants/tenant-directory';
import { createWhatsAppApi } from '../whatsapp-api/create-whatsapp-api';
import { whatsAppApiConfigPart, type ApiPart } from '../whatsapp-api/whatsapp-api-config';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { loadCommandEnv } from './load-command-env';
import { tenantApiConfig } from './tenant-api-config';
import { UsageError } from './usage-error';
import { whatsAppApiFromEnv } from './whatsapp-cli';

/** Where a command finds the tenants: the deployment's directory, or a test's. */
export type OpenDirectory = <T>(use: (directory: TenantDirectory) => Promise<T>) => Promise<T>;

/**
 * The environment's provider, or with `--tenant` that tenant's, through its own credentials.
 * Given `flow`, a tenant that does not use it is the user's mistake: its URL would answer 404.
 */
export async function whatsAppApiFor(
  tenantId: string | undefined,
  uses: readonly ApiPart[],
  openDirectory: OpenDirectory,
  flow?: string,
): Promise<WhatsAppApi> {
  if (tenantId === undefined) return whatsAppApiFromEnv(uses);
  const [tenant, secrets] = await openDirectory((directory) =>
    Promise.all([directory.find(tenantId), directory.secrets(tenantId)]),
  );
  if (!tenant || !secrets) throw new UsageError(`--tenant: no tenant ${tenantId}`);
  if (flow !== undefined && !tenant.flows.includes(flow)) {
    throw new UsageError(
      `--tenant: ${tenantId} does not use ${flow} (its flows: ${tenant.flows.join(', ') || 'none'}); add it to the tenant's "flows" and run tenants add ${tenantId} --config <file> again`,
    );
  }
  const { api: vars } = loadCommandEnv({ api: whatsAppApiConfigPart });
  return createWhatsAppApi(tenantApiConfig(tenant, secrets, vars));
}

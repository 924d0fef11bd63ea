import type { Tenant, TenantSecrets } from '../tenants/tenant';
import {
  apiConfigFor,
  type ProviderVariables,
  type WhatsAppApiConfig,
} from '../whatsapp-api/whatsapp-api-config';
import { UsageError } from './usage-error';

/**
 * The provider's settings for calls made on a tenant's behalf: its own credentials (360dialog's
 * channel key and WABA account, or the Cloud API token, WABA and number), and from the
 * deployment the URLs, the call policy and 360dialog's Partner API key (one for all its clients).
 */
export function tenantApiConfig(
  tenant: Tenant,
  secrets: TenantSecrets,
  vars: ProviderVariables,
): WhatsAppApiConfig {
  const lacks = (what: string) =>
    new UsageError(`tenant ${tenant.id} has no ${what}: set it with "tenants add ${tenant.id}"`);
  if (tenant.provider === 'cloud') {
    const phoneNumberId = tenant.phoneNumberIds[0];
    if (secrets.accessToken === undefined) throw lacks('secrets.accessToken');
    if (tenant.wabaId === undefined) throw lacks('wabaId');
    if (phoneNumberId === undefined) throw lacks('phoneNumberIds');
    return apiConfigFor(vars, {
      provider: 'cloud',
      accessToken: secrets.accessToken,
      wabaId: tenant.wabaId,
      phoneNumberId,
    });
  }
  return apiConfigFor(vars, {
    provider: '360dialog',
    apiKey: secrets.d360ApiKey,
    wabaAccountId: tenant.d360WabaAccountId,
  });
}

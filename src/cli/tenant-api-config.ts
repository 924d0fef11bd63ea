import type { z } from 'zod';
import type { Tenant, TenantSecrets } from '../tenants/tenant';
import type { whatsAppApiEnvSchema, WhatsAppApiConfig } from '../whatsapp-api/whatsapp-api-config';
import { UsageError } from './usage-error';

/** The provider's variables as the environment gives them (URLs, call policy, Partner API). */
export type ProviderVariables = z.output<typeof whatsAppApiEnvSchema>;

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
  const policy = {
    timeoutMs: vars.WHATSAPP_API_TIMEOUT_MS,
    retries: vars.WHATSAPP_API_RETRIES,
    retryBaseMs: 250,
  };
  const lacks = (what: string) =>
    new UsageError(`tenant ${tenant.id} has no ${what}: set it with "tenants add ${tenant.id}"`);
  if (tenant.provider === 'cloud') {
    const phoneNumberId = tenant.phoneNumberIds[0];
    if (secrets.accessToken === undefined) throw lacks('secrets.accessToken');
    if (tenant.wabaId === undefined) throw lacks('wabaId');
    if (phoneNumberId === undefined) throw lacks('phoneNumberIds');
    return {
      provider: 'cloud',
      graphUrl: vars.GRAPH_API_URL,
      graphVersion: vars.GRAPH_API_VERSION,
      accessToken: secrets.accessToken,
      wabaId: tenant.wabaId,
      phoneNumberId,
      ...policy,
    };
  }
  const { D360_PARTNER_API_KEY: apiKey, D360_PARTNER_ID: partnerId } = vars;
  const wabaAccountId = tenant.d360WabaAccountId;
  return {
    provider: '360dialog',
    hubUrl: vars.D360_HUB_URL,
    apiUrl: vars.D360_API_URL,
    apiKey: secrets.d360ApiKey,
    partner:
      apiKey !== undefined && partnerId !== undefined && wabaAccountId !== undefined
        ? { apiKey, partnerId, wabaAccountId }
        : undefined,
    ...policy,
  };
}

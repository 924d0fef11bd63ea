import type { Tenant, TenantSecrets } from './tenant';

/** Which of a tenant's secrets are set: never their values. */
export interface SecretsSet {
  d360ApiKey: boolean;
  accessToken: boolean;
  appSecrets: boolean;
  webhookSecret: boolean;
}

/** A tenant as shown to people and scripts (admin API, `tenants list|show`). */
export interface TenantView {
  id: string;
  name: string;
  provider: Tenant['provider'];
  wabaId?: string;
  phoneNumberIds: string[];
  d360WabaAccountId?: string;
  flows: string[];
  settings: Tenant['settings'];
  requestSignatures: Tenant['requestSignatures'];
  sharedKey: boolean;
  revision: number;
  updatedAt: string;
  /** Present when the secrets were read: only whether each is set. */
  secrets?: SecretsSet;
}

/**
 * The one way a tenant leaves the server: its settings, and of its secrets only which are set.
 * Built field by field, so that a field added to Tenant is not shown until chosen here.
 */
export function tenantView(tenant: Tenant, secrets?: TenantSecrets): TenantView {
  return {
    id: tenant.id,
    name: tenant.name,
    provider: tenant.provider,
    ...(tenant.wabaId !== undefined && { wabaId: tenant.wabaId }),
    phoneNumberIds: [...tenant.phoneNumberIds],
    ...(tenant.d360WabaAccountId !== undefined && {
      d360WabaAccountId: tenant.d360WabaAccountId,
    }),
    flows: [...tenant.flows],
    settings: tenant.settings,
    requestSignatures: tenant.requestSignatures,
    sharedKey: tenant.sharedKey,
    revision: tenant.revision,
    updatedAt: tenant.updatedAt,
    ...(secrets && {
      secrets: {
        d360ApiKey: secrets.d360ApiKey !== undefined,
        accessToken: secrets.accessToken !== undefined,
        appSecrets: (secrets.appSecrets?.length ?? 0) > 0,
        webhookSecret: secrets.webhookSecret !== undefined,
      },
    }),
  };
}

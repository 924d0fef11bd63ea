import type { TenantContext } from '../flow-definition/define-flow';
import { DEFAULT_TENANT_ID, type Tenant } from '../tenants/tenant';

/** What a settings schema refused: where, and the kind of issue; never the value. */
export interface SettingsProblem {
  path: string;
  code: string;
}

/** The tenant a runtime serves, with `ctx.tenant` per flow parsed once for its revision. */
export interface RuntimeTenant {
  id: string;
  name: string;
  /** The `t` claim its flow tokens carry: undefined for the default tenant. */
  tokenClaim: string | undefined;
  /** Per flow, raw: each flow's `tenantSettings` schema parses its own. */
  settings: Tenant['settings'];
  revision: number;
  /** By flow definition (a reloaded flow is a new one): ctx.tenant, or why there is none. */
  contexts: Map<object, TenantContext | SettingsProblem>;
}

/** The deployment's own business, configured from the environment: settings are each flow's defaults. */
export function defaultRuntimeTenant(): RuntimeTenant {
  return {
    id: DEFAULT_TENANT_ID,
    name: DEFAULT_TENANT_ID,
    tokenClaim: undefined,
    settings: {},
    revision: 0,
    contexts: new Map(),
  };
}

export function runtimeTenantOf(tenant: Tenant): RuntimeTenant {
  return {
    id: tenant.id,
    name: tenant.name,
    tokenClaim: tenant.id,
    settings: tenant.settings,
    revision: tenant.revision,
    contexts: new Map(),
  };
}

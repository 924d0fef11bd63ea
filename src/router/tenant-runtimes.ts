import { EndpointError } from '../errors/endpoint-error';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import { scopeStore, tenantPrefix } from '../store/scope-store';
import type { Store } from '../store/store';
import type { TenantCredentials } from '../tenants/tenant';
import type { TenantDirectory } from '../tenants/tenant-directory';
import type { FlowRuntime } from './flow-runtime';
import { runtimeTenantOf } from './runtime-tenant';

/** Runtimes kept at most: past it the least recently built goes, and is rebuilt when needed. */
export const TENANT_RUNTIMES_MAX = 10_000;

export interface TenantRuntimes {
  /**
   * The runtime serving `flow` for a stored tenant: its keys, its app secrets (else the
   * deployment's), its view of the store and its settings. 404 for an unknown or removed tenant
   * or a flow it does not use; 503 when the directory does not answer.
   */
  resolve(tenantId: string, flow: string): Promise<FlowRuntime>;
}

interface Built {
  credentials: TenantCredentials;
  runtime: FlowRuntime;
}

const sameList = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) =>
  a === b || (a.length === b.length && a.every((x, i) => same(x, b[i] as T)));

/** Whether a runtime built from `before` still serves what `now` describes. */
const unchanged = (before: TenantCredentials, now: TenantCredentials) =>
  before === now ||
  (before.tenant.revision === now.tenant.revision &&
    sameList(before.privateKeys, now.privateKeys, (x, y) => x.id === y.id && x.key === y.key) &&
    sameList(before.appSecrets, now.appSecrets, (x, y) => x === y));

const NO_SECRETS: readonly string[] = [];

/**
 * Per tenant, the default tenant's runtime with what is the tenant's own: one directory lookup a
 * request (the directory caches), and a runtime built again only when the tenant changed, so that
 * settings are parsed once per revision. A tenant's data lives under `t/<id>/`.
 */
export function createTenantRuntimes(
  base: FlowRuntime,
  directory: TenantDirectory,
  max = TENANT_RUNTIMES_MAX,
): TenantRuntimes {
  const built = new Map<string, Built>();
  const stores = new Map<string, Store>();

  const storeOf = (id: string): Store => {
    let store = stores.get(id);
    if (!store) {
      store = scopeStore(base.store, tenantPrefix(id));
      stores.set(id, store);
      if (stores.size > max) stores.delete(stores.keys().next().value as string);
    }
    return store;
  };

  const build = (credentials: TenantCredentials): FlowRuntime => {
    const { tenant } = credentials;
    const off = tenant.requestSignatures === 'off';
    const appSecrets = off
      ? NO_SECRETS
      : credentials.appSecrets.length > 0
        ? credentials.appSecrets
        : base.appSecrets;
    // In production a tenant without any secret to check with is served as one with signatures
    // off: only a valid flow token gets past ping.
    const signaturesOff = off || (appSecrets.length === 0 && base.tokens.production);
    return {
      ...base,
      privateKeys: credentials.privateKeys,
      appSecrets,
      signaturesOff,
      store: storeOf(tenant.id),
      tenant: runtimeTenantOf(tenant),
    };
  };

  return {
    async resolve(tenantId, flow) {
      let credentials: TenantCredentials | undefined;
      try {
        credentials = await directory.credentials(tenantId);
      } catch (err) {
        if (err instanceof EndpointError) throw err;
        throw new StoreUnavailableError('tenant directory did not answer', { cause: err });
      }
      if (!credentials?.tenant.flows.includes(flow)) {
        throw new EndpointError('not_found', 'no such flow');
      }
      const before = built.get(tenantId);
      if (before && unchanged(before.credentials, credentials)) return before.runtime;
      const runtime = build(credentials);
      built.delete(tenantId);
      built.set(tenantId, { credentials, runtime });
      if (built.size > max) built.delete(built.keys().next().value as string);
      return runtime;
    },
  };
}

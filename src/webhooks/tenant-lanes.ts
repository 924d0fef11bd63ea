import type { FlowDefinition } from '../flow-definition/define-flow';
import { scopeStore, tenantPrefix } from '../store/scope-store';
import type { Store } from '../store/store';
import type { Tenant } from '../tenants/tenant';
import type { TenantDirectory } from '../tenants/tenant-directory';
import {
  UNASSIGNED_PREFIX,
  unassignedReason,
  type DeliveryLane,
  type LaneOf,
} from './delivery-lane';
import type { ChangeAccount } from './read-delivery';
import { createWebhookRecords } from './webhook-records';

/** The default tenant's own account (WABA_ID, PHONE_NUMBER_ID): its changes keep today's keys. */
export interface DefaultAccount {
  wabaIds: readonly string[];
  phoneNumberIds: readonly string[];
}

export interface TenantLanes {
  /** The lane of a change on the shared route, by the account it names. */
  laneOf: LaneOf;
  /** A stored tenant's lane: its flows, its scope of the store. */
  tenantLane(tenant: Tenant): DeliveryLane;
}

/**
 * Assigns changes to tenants: without a directory every change is the default tenant's, as for a
 * single business. With one, a change is the default tenant's when it names none of the accounts
 * (360dialog's top-level form comes from the deployment's own channel) or the default's own;
 * otherwise the tenant owning its phone number or, failing that, its WABA; otherwise unassigned.
 */
export function createTenantLanes(deps: {
  directory: TenantDirectory | undefined;
  defaultLane: DeliveryLane;
  defaultAccount: DefaultAccount;
  flows: readonly FlowDefinition[];
  store: Store;
}): TenantLanes {
  const { directory, defaultLane, defaultAccount, store } = deps;
  const unassignedStore = scopeStore(store, UNASSIGNED_PREFIX);
  const unassignedRecords = createWebhookRecords(unassignedStore);

  function tenantLane(tenant: Tenant): DeliveryLane {
    const scoped = scopeStore(store, tenantPrefix(tenant.id));
    return {
      tenant: tenant.id,
      flows: deps.flows.filter((flow) => tenant.flows.includes(flow.name)),
      store: scoped,
      records: createWebhookRecords(scoped),
    };
  }

  const isDefault = ({ wabaId, phoneNumberId }: ChangeAccount) =>
    (phoneNumberId !== undefined && defaultAccount.phoneNumberIds.includes(phoneNumberId)) ||
    (wabaId !== undefined && defaultAccount.wabaIds.includes(wabaId));

  async function owner({ wabaId, phoneNumberId }: ChangeAccount): Promise<Tenant | undefined> {
    if (!directory) return undefined;
    // The number is the more specific: a WABA's numbers could be served as separate businesses.
    const id =
      (phoneNumberId === undefined ? undefined : await directory.byPhoneNumberId(phoneNumberId)) ??
      (wabaId === undefined ? undefined : await directory.byWabaId(wabaId));
    return id === undefined ? undefined : directory.find(id);
  }

  return {
    tenantLane,
    async laneOf(account) {
      if (!directory) return defaultLane;
      if (account.wabaId === undefined && account.phoneNumberId === undefined) return defaultLane;
      if (isDefault(account)) return defaultLane;
      const tenant = await owner(account);
      if (tenant) return tenantLane(tenant);
      return {
        unassigned: unassignedReason(account),
        flows: [],
        store: unassignedStore,
        records: unassignedRecords,
      };
    },
  };
}

import type { FlowDefinition } from '../flow-definition/define-flow';
import { scopeStore } from '../store/scope-store';
import type { Store } from '../store/store';
import type { ChangeAccount } from './read-delivery';
import { createWebhookRecords, type WebhookRecords } from './webhook-records';

/**
 * Where a change's records go: the default tenant's (today's keys), a tenant's scope, or the
 * unassigned records, kept with the reason no tenant took the change.
 */
export interface DeliveryLane {
  /** A stored tenant's id; absent for the default tenant and the unassigned. */
  tenant?: string;
  /** Why no tenant took the change; set only on the unassigned lane. */
  unassigned?: string;
  /** The flows its completions may belong to. */
  flows: readonly FlowDefinition[];
  /** Where its sent messages are found (completions matched by `context.id`). */
  store: Store;
  records: WebhookRecords;
}

/** The lane of each change of a delivery, by the account it names. */
export type LaneOf = (account: ChangeAccount) => Promise<DeliveryLane>;

/** Changes no tenant claimed: apart from every tenant's records, never dropped. */
export const UNASSIGNED_PREFIX = 'unassigned/';

export function unassignedRecords(store: Store): WebhookRecords {
  return createWebhookRecords(scopeStore(store, UNASSIGNED_PREFIX));
}

/** `unknown waba 123`, `unknown waba 123, phone number 456`. */
export function unassignedReason({ wabaId, phoneNumberId }: ChangeAccount): string {
  const named = [
    wabaId !== undefined && `waba ${wabaId}`,
    phoneNumberId !== undefined && `phone number ${phoneNumberId}`,
  ].filter((part) => part !== false);
  return `unknown ${named.join(', ')}`;
}

import type { FlowDefinition } from '../router/define-flow';
import type { Store } from '../store/store';
import { createBookAppointmentFlow } from './book-appointment';
import { createFeedbackFlow } from './feedback';

export interface FlowDeps {
  store: Store;
}

/** Every flow this server knows: served at POST /flows/<name>, completed through the webhook. */
export function createFlows({ store }: FlowDeps): FlowDefinition[] {
  return [createBookAppointmentFlow({ store }), createFeedbackFlow({ store })];
}

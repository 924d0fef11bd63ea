import type { FlowDefinition } from '../router/define-flow';
import type { Store } from '../store/store';
import { createBookAppointmentFlow } from './book-appointment';

export interface FlowDeps {
  store: Store;
}

/** Every flow this server serves, each at POST /flows/<name>. */
export function createFlows({ store }: FlowDeps): FlowDefinition[] {
  return [createBookAppointmentFlow({ store })];
}

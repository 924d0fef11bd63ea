import type { FlowDefinition } from '../router/define-flow';
import type { Store } from '../store/store';
import { createBookAppointmentFlow } from './book-appointment';
import { createSupportRequestFlow } from './support-request';
import { createFeedbackFlow } from './feedback';

export interface FlowDeps {
  store: Store;
  /** Where flows keep the files users pick (MEDIA_DIR). */
  mediaDir: string;
}

/** Every flow this server knows: served at POST /flows/<name>, completed through the webhook. */
export function createFlows({ store, mediaDir }: FlowDeps): FlowDefinition[] {
  return [
    createBookAppointmentFlow({ store }),
    createSupportRequestFlow({ dir: mediaDir }),
    createFeedbackFlow({ store }),
  ];
}

import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { FlowDefinition } from '../router/define-flow';
import type { Store } from '../store/store';
import { bookingsCommand, createBookAppointmentFlow } from './book-appointment';
import { createSupportRequestFlow } from './support-request';
import { createFeedbackFlow } from './feedback';

export interface FlowDeps {
  /** The configured store: sessions, token state and each flow's own records. */
  store: Store;
  /** Where flows keep the files users pick (MEDIA_DIR). */
  mediaDir: string;
  logger: Logger;
}

/** Every flow this server knows: served at POST /flows/<name>, completed through the webhook. */
export function createFlows({ store, mediaDir, logger }: FlowDeps): FlowDefinition[] {
  return [
    createBookAppointmentFlow({ store, logger }),
    createSupportRequestFlow({ dir: mediaDir }),
    createFeedbackFlow({ store }),
  ];
}

/** The commands flows add to `flows-endpoint`, such as an export of their records. */
export function flowCommands(): Command[] {
  return [bookingsCommand()];
}

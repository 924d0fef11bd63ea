import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { FlowDefinition } from '../router/define-flow';
import type { Store } from '../store/store';
import { bookingsCommand, createBookAppointmentFlow } from './book-appointment';

export interface FlowDeps {
  /** The configured store: sessions, token state and each flow's own records. */
  store: Store;
  logger: Logger;
}

/** Every flow this server serves, each at POST /flows/<name>. */
export function createFlows({ store, logger }: FlowDeps): FlowDefinition[] {
  return [createBookAppointmentFlow({ store, logger })];
}

/** The commands flows add to `flows-endpoint`, such as an export of their records. */
export function flowCommands(): Command[] {
  return [bookingsCommand()];
}

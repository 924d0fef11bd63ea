import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import feedback from '../../flows/feedback';
import supportRequest from '../../flows/support-request';
import type { FlowDefinition } from '../../src/flow-definition/define-flow';
import type { Store } from '../../src/store/store';
import { MONDAY_MORNING } from './test-app';

/** Every example flow this repository serves; book-appointment on a fixed clock, so that dates hold. */
export const exampleFlows = (store: Store): FlowDefinition[] => {
  const logger = pino({ level: 'silent' });
  const mediaDir = mkdtempSync(join(tmpdir(), 'example-flows-'));
  return [
    createBookAppointmentFlow({ store, logger, now: () => MONDAY_MORNING }),
    supportRequest({ store, logger, mediaDir }),
    feedback({ store, logger, mediaDir }),
  ];
};

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createFlows } from '../../src/flows';
import { createBookAppointmentFlow } from '../../src/flows/book-appointment';
import type { FlowDefinition } from '../../src/router/define-flow';
import type { Store } from '../../src/store/store';
import { MONDAY_MORNING } from './test-app';

/** Every example flow this server serves; book-appointment on a fixed clock, so that dates hold. */
export const exampleFlows = (store: Store): FlowDefinition[] => {
  const logger = pino({ level: 'silent' });
  const mediaDir = mkdtempSync(join(tmpdir(), 'example-flows-'));
  return createFlows({ store, mediaDir, logger }).map((flow) =>
    flow.name === 'book-appointment'
      ? createBookAppointmentFlow({ store, logger, now: () => MONDAY_MORNING })
      : flow,
  );
};

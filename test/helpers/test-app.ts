import type { KeyObject } from 'node:crypto';
import { createApp } from '../../src/app/create-app';
import {
  createBookAppointmentFlow,
  type BookAppointmentOptions,
} from '../../src/flows/book-appointment';
import type { FlowDefinition } from '../../src/router/define-flow';
import type { ValidationMode } from '../../src/router/validation-mode';
import { captureLogs } from './log-capture';
import { businessPrivateKey } from './test-keys';
import { createWhatsAppClient } from './whatsapp-client';

export const APP_SECRET = 'test-app-secret';

/** A fixed "now": Monday 2 March 2026, 08:00 local time. */
export const MONDAY_MORNING = new Date(2026, 2, 2, 8, 0);

export interface TestAppOptions {
  flows?: FlowDefinition[];
  appSecrets?: string[];
  privateKey?: KeyObject;
  booking?: BookAppointmentOptions;
  validation?: ValidationMode;
}

/** The real app with test keys, an in-memory log and a fake WhatsApp client bound to it. */
export function createTestApp(options: TestAppOptions = {}) {
  const logs = captureLogs();
  const flows = options.flows ?? [
    createBookAppointmentFlow({ now: () => MONDAY_MORNING, ...options.booking }),
  ];
  const app = createApp({
    flows,
    keys: {
      privateKey: options.privateKey ?? businessPrivateKey,
      appSecrets: options.appSecrets ?? [APP_SECRET],
    },
    logger: logs.logger,
    validation: options.validation,
  });
  const client = createWhatsAppClient({ app, flow: flows[0]?.name, appSecret: APP_SECRET });
  return { app, client, logs, send: client.send };
}

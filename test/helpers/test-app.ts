import type { KeyObject } from 'node:crypto';
import type { WebhookOptions } from '../../src/webhooks/create-webhook-router';
import { createBookAppointmentFlow } from '../../flows/book-appointment';
import type { MediaReader } from '../../src/media/media-reader';
import type { FlowDefinition } from '../../src/flow-definition/define-flow';
import type { ValidationMode } from '../../src/router/validation-mode';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import type { TenantDirectory } from '../../src/tenants/tenant-directory';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { createTestEndpoint, TEST_TOKEN_SECRET } from '../../src/testing/create-test-endpoint';
import { captureLogs } from './log-capture';
import { businessPrivateKey } from './test-keys';

export const APP_SECRET = 'test-app-secret';
export const TOKEN_SECRET = TEST_TOKEN_SECRET;

/** A fixed "now": Monday 2 March 2026, 08:00 local time. */
export const MONDAY_MORNING = new Date(2026, 2, 2, 8, 0);

/** A real signed flow token, as the business would send with the Flow message. */
export function issueToken(
  flow: string,
  subject?: string,
  ttlSeconds?: number,
  tenant?: string,
): string {
  return issueFlowToken({ flow, subject, ttlSeconds, tenant, secret: TOKEN_SECRET });
}

export interface TestAppOptions {
  flows?: FlowDefinition[] | ((store: Store) => FlowDefinition[]);
  appSecrets?: string[];
  /** Newest first; the fixture business key by default. */
  privateKeys?: KeyObject[];
  /** The clock of book-appointment's availability. */
  bookingNow?: () => Date;
  validation?: ValidationMode;
  store?: Store;
  production?: boolean;
  metricsToken?: string;
  media?: MediaReader;
  webhooks?: WebhookOptions;
  trustProxy?: boolean | number | string;
  flowRouting?: 'fast' | 'express';
  unverifiedBodiesMax?: number;
  /** Partner mode: the stored tenants. */
  tenants?: TenantDirectory;
}

/**
 * The real app with test keys, an in-memory store and log, and a fake WhatsApp client bound to
 * it. `token(user)` gives each named user its own signed token for the first flow.
 */
export function createTestApp(options: TestAppOptions = {}) {
  const logs = captureLogs();
  const store = options.store ?? createSqliteStore(':memory:');
  const given = typeof options.flows === 'function' ? options.flows(store) : options.flows;
  const flows = given ?? [
    createBookAppointmentFlow({
      store,
      logger: logs.logger,
      now: options.bookingNow ?? (() => MONDAY_MORNING),
    }),
  ];
  const endpoint = createTestEndpoint({
    flows,
    store,
    privateKeys: options.privateKeys ?? [businessPrivateKey],
    app: {
      logger: logs.logger,
      appSecrets: options.appSecrets ?? [APP_SECRET],
      production: options.production,
      validation: options.validation,
      metricsToken: options.metricsToken,
      media: options.media,
      webhooks: options.webhooks,
      trustProxy: options.trustProxy,
      flowRouting: options.flowRouting,
      unverifiedBodiesMax: options.unverifiedBodiesMax,
      tenants: options.tenants,
    },
  });
  const { app, client, token, exchange } = endpoint;
  return { app, client, logs, send: client.send, store, token, exchange };
}

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type AppDeps } from '../app/create-app';
import type { FlowDeps, FlowExport } from '../project/flow-module';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/store';
import { issueFlowToken } from '../tokens/issue-flow-token';
import { createWhatsAppClient } from './whatsapp-client';

export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_TOKEN_SECRET = 'test-flow-token-secret-0123456789abcdef';

export interface TestEndpointOptions {
  /** The flows to serve, as their index.ts exports them; the first is the one `send` talks to. */
  flows: FlowExport | readonly FlowExport[];
  /** In memory unless given. */
  store?: Store;
  /** Newest first; a key pair made for this endpoint unless given. */
  privateKeys?: KeyObject[];
  /** The rest of the app's dependencies (logger, validation, webhooks, …), when a test needs them. */
  app?: Partial<Omit<AppDeps, 'flows' | 'store' | 'keys' | 'tokens'>> & {
    appSecrets?: readonly string[];
    production?: boolean;
  };
}

/**
 * The real endpoint with its own keys and an in-memory store, and a fake WhatsApp client bound to
 * it: `init()`, `exchange(screen, data)` and `back(screen)` send what the device sends, sealed
 * and signed, and give the opened answer. Each named user has a signed token of their own.
 */
export function createTestEndpoint(options: TestEndpointOptions) {
  const store = options.store ?? createMemoryStore();
  const logger = options.app?.logger ?? pino({ level: 'silent' });
  const deps: FlowDeps = { store, logger, mediaDir: mkdtempSync(join(tmpdir(), 'flows-media-')) };
  const exported = Array.isArray(options.flows) ? options.flows : [options.flows];
  const flows: FlowDefinition[] = (exported as FlowExport[]).map((flow) =>
    typeof flow === 'function' ? flow(deps) : flow,
  );
  const privateKeys = options.privateKeys ?? [
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  ];
  const { appSecrets = [TEST_APP_SECRET], production = false, ...rest } = options.app ?? {};
  const app = createApp({
    ...rest,
    flows,
    logger,
    store,
    keys: { privateKeys, appSecrets },
    tokens: { secret: TEST_TOKEN_SECRET, production },
  });
  const flow = flows[0]?.name ?? 'none';
  const [newest] = privateKeys;
  if (!newest) throw new Error('createTestEndpoint needs a private key');
  const client = createWhatsAppClient({
    app,
    flow,
    appSecret: appSecrets[0] ?? TEST_APP_SECRET,
    publicKey: newest,
  });
  const tokens = new Map<string, string>();
  /** The signed flow token the business would send `user` with the Flow message. */
  const token = (user = 'user-1') => {
    const known =
      tokens.get(user) ?? issueFlowToken({ flow, subject: user, secret: TEST_TOKEN_SECRET });
    tokens.set(user, known);
    return known;
  };
  return {
    app,
    client,
    store,
    token,
    send: client.send,
    /** The flow opened with flow_action data_exchange. */
    init: (user?: string) =>
      client.send({ version: '3.0', action: 'INIT', flow_token: token(user) }),
    /** A screen's data_exchange, as one named user sends it. */
    exchange: (screen: string, data: Record<string, unknown>, user?: string) =>
      client.send({
        version: '3.0',
        action: 'data_exchange',
        screen,
        data,
        flow_token: token(user),
      }),
    /** BACK on a refresh_on_back screen. */
    back: (screen: string, user?: string) =>
      client.send({ version: '3.0', action: 'BACK', screen, data: {}, flow_token: token(user) }),
  };
}

export type TestEndpoint = ReturnType<typeof createTestEndpoint>;

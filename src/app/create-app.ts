import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { createAdminRouter } from '../admin/create-admin-router';
import { keyFingerprint } from '../crypto/key-fingerprint';
import { EndpointError } from '../errors/endpoint-error';
import { byteBudget } from '../http/byte-budget';
import { errorHandler } from '../http/error-handler';
import type { TrustProxy } from '../http/client-address';
import { flowNameOf, tenantFlowOf } from '../http/flow-name-of';
import { flowRoute } from '../http/flow-route';
import { createHttpKit } from '../http/http-kit';
import { metricsEndpoint } from '../http/metrics-endpoint';
import { readinessEndpoint } from '../http/readiness-endpoint';
import { DEFAULT_UNVERIFIED_BODIES_MAX } from '../http/server-limits';
import { combineObservers } from '../metrics/combine-observers';
import { createMetrics, type Metrics } from '../metrics/create-metrics';
import { failureRateObserver } from '../metrics/failure-rate-observer';
import { createMediaReader, type MediaReader } from '../media/media-reader';
import { DEFAULT_MEDIA_SETTINGS } from '../media/media-settings';
import {
  createPlaygroundRouter,
  type PlaygroundOptions,
} from '../playground/create-playground-router';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { FlowRuntime } from '../router/flow-runtime';
import { createLoadedFlows } from '../router/loaded-flows';
import { defaultRuntimeTenant } from '../router/runtime-tenant';
import { createTenantRuntimes } from '../router/tenant-runtimes';
import type { ValidationMode } from '../router/validation-mode';
import type { Store } from '../store/store';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { DEFAULT_TOKEN_TTL_SECONDS } from '../tokens/issue-flow-token';
import type { TokenPolicy } from '../tokens/token-policy';
import { createWebhookRouter, type WebhookOptions } from '../webhooks/create-webhook-router';

export interface AppDeps {
  flows: readonly FlowDefinition[];
  /**
   * Development: where each flow's flow.json lives on disk. The flow is loaded from there,
   * reloaded when the file changes, and the playground edits it.
   */
  flowFiles?: (flow: string) => string | undefined;
  keys: {
    /** Newest first: several while a key is rotated. */
    privateKeys: readonly KeyObject[];
    /** Empty only in development, or with request signatures off: none are then checked. */
    appSecrets: readonly string[];
  };
  /**
   * REQUEST_SIGNATURES: `off` when the Meta app's secret is not held. Signatures are then not
   * checked, and every action but ping needs a valid flow token.
   */
  requestSignatures?: 'on' | 'off';
  logger: Logger;
  /** Sessions, token state and the flows' own records. */
  store: Store;
  tokens: TokenPolicy;
  /** How answers are held to each flow's flow.json; strict unless told otherwise. */
  validation?: ValidationMode;
  sessionTtlSeconds?: number;
  /** GET /metrics asks for this bearer token when set. */
  metricsToken?: string;
  metrics?: Metrics;
  /** Which proxies' X-Forwarded-For names the client (access line, Express's `req.ip`). */
  trustProxy?: TrustProxy;
  /** Readiness turns false while the server drains for shutdown. */
  isShuttingDown?: () => boolean;
  /** /playground, when set (see src/playground/playground-config.ts for when it is). */
  playground?: PlaygroundOptions;
  /** POST /webhooks/whatsapp: completions and Meta's Flow alerts. */
  webhooks?: WebhookOptions;
  now?: () => Date;
  /** Bytes of bodies read before their sender is authenticated, all requests together. */
  unverifiedBodiesMax?: number;
  /** `ctx.media`: WhatsApp's CDN with the default limits unless given. */
  media?: MediaReader;
  /**
   * `express` routes flow requests through Express too: only for the bench, which measures what
   * the fast path saves.
   */
  flowRouting?: 'fast' | 'express';
  /**
   * Partner mode: the businesses served besides the default one (the environment's), each at
   * `/t/<id>/…` with its own keys, secrets and data. Absent for a single business.
   */
  tenants?: TenantDirectory;
  /** ADMIN_TOKEN: /admin/tenants is served when it and `tenants` are both given. */
  adminToken?: string;
}

/** What node:http (or supertest) calls for every request. */
export type App = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Builds the HTTP app; it never listens, so tests drive it through supertest. Flow requests go
 * straight to the flow route; health, readiness, metrics and everything else to Express.
 */
export function createApp({
  flows,
  flowFiles,
  keys,
  logger,
  store,
  tokens,
  validation = 'strict',
  sessionTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
  metricsToken,
  metrics = createMetrics(),
  trustProxy = false,
  isShuttingDown = () => false,
  playground,
  webhooks = {},
  now = () => new Date(),
  unverifiedBodiesMax = DEFAULT_UNVERIFIED_BODIES_MAX,
  media = createMediaReader(DEFAULT_MEDIA_SETTINGS),
  flowRouting = 'fast',
  requestSignatures = 'on',
  tenants,
  adminToken,
}: AppDeps): App {
  const loaded = createLoadedFlows(flows, {
    logger,
    ...(flowFiles && !tokens.production && { fileOf: flowFiles }),
  });
  const observer = combineObservers(metrics.observer, failureRateObserver(logger));

  const http = createHttpKit({ logger, observer, trustProxy });
  const bodies = byteBudget(unverifiedBodiesMax);
  const signaturesOff = requestSignatures === 'off';
  // Read at each scrape: the default tenant, then the stored ones (changed while the server runs).
  metrics.countTenantsWithoutSignatures(async () => {
    const stored = tenants ? await tenants.list() : [];
    const off = stored.filter((tenant) => tenant.requestSignatures === 'off').length;
    return off + (signaturesOff ? 1 : 0);
  });
  const runtime: FlowRuntime = {
    privateKeys: keys.privateKeys.map((key) => ({ id: keyFingerprint(key), key })),
    validation: { mode: validation, onInvalidAnswer: observer.invalidAnswer },
    observer,
    store,
    tokens,
    appSecrets: signaturesOff ? [] : keys.appSecrets,
    signaturesOff,
    tenant: defaultRuntimeTenant(),
    sessionTtlSeconds,
    now,
    media,
  };
  const serveFlow = flowRoute({
    flows: loaded.byName,
    http,
    bodies,
    runtime,
    ...(tenants && { tenants: createTenantRuntimes(runtime, tenants) }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  if (flowRouting === 'express') {
    app.post('/flows/:name', (req, res) => serveFlow(req, res, http.begin(req), req.params.name));
    app.post('/t/:tenant/flows/:name', (req, res) =>
      serveFlow(req, res, http.begin(req), req.params.name, req.params.tenant),
    );
  }
  app.use((req, res, next) => {
    http.handOver(req, res, http.begin(req));
    next();
  });
  app.use(
    createWebhookRouter({
      ...webhooks,
      flows,
      current: (name) => loaded.byName.get(name)?.definition,
      store,
      logger,
      registry: metrics.registry,
      tokens,
      appSecrets: keys.appSecrets,
      production: tokens.production,
      bodies,
      now,
      tenants,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get(
    '/readyz',
    readinessEndpoint({ store, privateKeyCount: keys.privateKeys.length, isShuttingDown }),
  );
  app.get('/metrics', ...metricsEndpoint(metrics.registry, metricsToken));
  if (tenants && adminToken !== undefined) {
    app.use('/admin', createAdminRouter({ tenants, token: adminToken, logger }));
  }
  if (playground && keys.privateKeys[0]) {
    app.use(
      '/playground',
      createPlaygroundRouter({
        ...playground,
        flows: loaded,
        editable: !tokens.production,
        privateKey: keys.privateKeys[0],
        appSecret: keys.appSecrets[0],
        webhookSecret: webhooks.webhookSecrets?.[0],
        tokenSecret: tokens.secret,
        store,
        now,
        ...(tenants && { tenants }),
      }),
    );
  }
  app.use(() => {
    throw new EndpointError('not_found', 'not found');
  });
  app.use(errorHandler(http));

  if (flowRouting === 'express') return app;
  return (req, res) => {
    if (req.method !== 'POST') return app(req, res);
    const flowName = flowNameOf(req.url);
    if (flowName !== undefined) return serveFlow(req, res, http.begin(req), flowName);
    const tenantFlow = tenants && tenantFlowOf(req.url);
    if (tenantFlow) serveFlow(req, res, http.begin(req), tenantFlow.flow, tenantFlow.tenant);
    else app(req, res);
  };
}

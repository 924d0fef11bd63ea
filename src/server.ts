import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import pino, { type Logger } from 'pino';
import { createApp } from './app/create-app';
import { loadServerConfig, type ServerConfig } from './app/load-server-config';
import { runPrimary } from './cluster/run-primary';
import { ConfigError } from './errors/config-error';
import type { Config } from './config/load-config';
import { resolvePrivateKeys } from './config/resolve-private-key';
import { keyFingerprint } from './crypto/key-fingerprint';
import { uploadInstructions } from './crypto/upload-instructions';
import { DRAIN_MS, shutDownServer } from './http/graceful-shutdown';
import { STORE_TIMEOUT_MS } from './http/readiness-endpoint';
import { listenProblem } from './http/listen-problem';
import { createLogger } from './logging/create-logger';
import { createMediaReader } from './media/media-reader';
import { FlowJsonError } from './router/load-flow';
import { createMetrics } from './metrics/create-metrics';
import { registerReadinessGauges } from './metrics/readiness-gauges';
import { loadProjectFlows } from './project/load-project-flows';
import { cacheDirOf, flowsDirOf } from './project/project-paths';
import { createStore } from './store/create-store';
import { pingWithin } from './store/ping-within';
import type { Store } from './store/store';
import { createTenantDirectory } from './tenants/create-tenant-directory';
import { readFlowIds } from './webhooks/flow-ids';
import type { WebhookConfig } from './webhooks/webhook-config';

/** Load balancers keep idle connections up to 60 s (AWS ALB's default): outlive them. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** How often requests are held to their time limits: slow senders are cut within a second of it. */
const TIMEOUT_CHECK_MS = 1000;
const MAX_HEADER_BYTES = 16 * 1024;

/** The only place that reads the environment and listens. */
function main(): void {
  loadDotenv({ quiet: true });
  let settings: ServerConfig;
  let privateKeys;
  try {
    settings = loadServerConfig(process.env);
    const resolved = resolvePrivateKeys(settings.core);
    privateKeys = resolved.keys;
    if (resolved.generated) {
      console.log(
        `No private key found: generated a development key pair in ${resolved.generated.privatePath}.\n` +
          uploadInstructions(
            resolved.generated.publicPem,
            resolved.generated.publicPath,
            settings.graphApiVersion,
          ),
      );
    }
  } catch (err) {
    if (err instanceof ConfigError) cannotStart(err.message);
    throw err;
  }
  const {
    core: config,
    limits,
    media,
    playground,
    webhooks: webhookConfig,
    tenantSecrets,
    admin,
    metrics: metricsConfig,
  } = settings;

  // A process that serves requests writes its lines in batches of 32 KiB or every second: each
  // write is a trip through libuv's thread pool (a line cost 4.1 µs of CPU in batches of 4 KiB,
  // 2.9 in batches of 32, 1.7 unwritten). A cluster primary serves none: its few lines (a worker
  // died, shutting down) are written at once. Flushed before exiting either way.
  const servesRequests = !(cluster.isPrimary && config.webConcurrency > 1);
  // Lines are handed over as bytes: in text mode the destination measures its growing batch at
  // every line, copying it each time (several KB of garbage a request under load).
  const logDestination = pino.destination({
    dest: 1,
    sync: false,
    contentMode: 'buffer',
    ...(servesRequests && { minLength: 32 * 1024, maxWrite: 64 * 1024, periodicFlush: 1000 }),
  });
  const logger = createLogger(config.logLevel, {
    // Its types know only text; in buffer mode it takes bytes.
    write: (line: string) => logDestination.write(Buffer.from(line) as unknown as string),
  });
  const exit = (code: number) => {
    try {
      logDestination.flushSync();
    } catch {
      // Nothing more can be done for the last lines when stdout is gone.
    }
    process.exit(code);
  };
  if (cluster.isPrimary) warnAboutDevelopmentSettings(config, webhookConfig, logger);
  if (!servesRequests) {
    runPrimary(config.webConcurrency, logger, config.shutdownDelayMs + DRAIN_MS + 1000);
    return;
  }

  let store: Store;
  try {
    store = createStore(config.storeUrl, { logger });
  } catch (err) {
    cannotStart(`STORE_URL: ${(err as Error).message}`, exit);
  }
  const flowsDir = flowsDirOf(process.env);
  const project = loadProjectFlows(
    flowsDir,
    { store, mediaDir: media.dir, logger },
    cacheDirOf(flowsDir, process.env),
  );
  if (project.problems.length > 0) {
    // file:line:col lines an editor jumps to; nothing is served until they are fixed.
    console.error(`Flows Endpoint cannot start: ${flowsDir} has broken flows:`);
    for (const problem of project.problems) console.error(`  ${problem}`);
    exit(1);
  }
  const flows = project.flows.map((flow) => flow.definition);
  const flowJsonFiles = new Map(
    project.flows.map((flow) => [flow.name, resolve(flow.flowJsonFile)]),
  );
  let flowIds = new Map<string, string>();
  try {
    flowIds = readFlowIds();
  } catch (err) {
    // Alerts then carry Meta's Flow id alone; the server itself is fine.
    logger.warn({ err }, 'flows.lock.json unreadable: Flow alerts are named by Meta Flow id');
  }
  // Partner mode: the tenants in the store, each loaded on first use. Without a master key the
  // deployment serves its single business, exactly as before.
  const sharedKeys = privateKeys.map((key) => ({ id: keyFingerprint(key), key }));
  const tenants =
    tenantSecrets &&
    createTenantDirectory({ store, keyring: tenantSecrets, sharedKeys: () => sharedKeys, logger });
  let shuttingDown = false;
  const metrics = createMetrics({ tenantLabel: metricsConfig.tenantLabel });
  registerReadinessGauges(metrics.registry, {
    store,
    privateKeyCount: privateKeys.length,
    isShuttingDown: () => shuttingDown,
    storeTimeoutMs: STORE_TIMEOUT_MS,
  });
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp({
      metrics,
      flows,
      keys: { privateKeys, appSecrets: config.appSecrets },
      requestSignatures: config.requestSignatures,
      logger,
      store,
      ...(tenants && { tenants }),
      tokens: { secret: config.flowTokenSecret, production: config.production },
      validation: config.flowValidation,
      sessionTtlSeconds: config.sessionTtlSeconds,
      metricsToken: config.metricsToken,
      adminToken: admin.token,
      trustProxy: config.trustProxy,
      isShuttingDown: () => shuttingDown,
      unverifiedBodiesMax: limits.unverifiedBodiesMax,
      // Served from the project's files in development, so that editing one reloads the flow.
      ...(!config.production && { flowFiles: (name: string) => flowJsonFiles.get(name) }),
      ...(playground.enabled && { playground: { token: playground.token } }),
      media: createMediaReader({
        ...media,
        // The playground's stand-in CDN is this server, over http on loopback; production keeps
        // MEDIA_ALLOW_LOOPBACK's rule (never), so there picked files in the playground fail clearly.
        allowLoopback: media.allowLoopback || (playground.enabled && !config.production),
        tempDir: media.dir,
      }),
      webhooks: {
        webhookSecrets: webhookConfig.secrets,
        verifyToken: webhookConfig.verifyToken,
        maxBodyBytes: webhookConfig.maxBodyBytes,
        defaultAccount: webhookConfig.defaultAccount,
        flowNameOf: (flowId) => flowIds.get(flowId),
        // One process redrives: in a cluster, workers would run the same hooks side by side.
        redriveAtStart: cluster.isPrimary || cluster.worker?.id === 1,
      },
    });
  } catch (err) {
    // A flow whose handlers do not fit its flow.json: the same plain lines `npm start`'s build prints.
    if (err instanceof FlowJsonError) cannotStart(err.message, exit);
    throw err;
  }

  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    },
    app,
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = limits.maxConnections;
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (!server.listening) cannotStart(listenProblem(err, config.host, config.port), exit);
    logger.fatal({ err }, 'server failed');
    exit(1);
  });
  const listen = () =>
    server.listen(config.port, config.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      logger.info(
        {
          port,
          flows: flows.map((flow) => `/flows/${flow.name}`),
          env: config.nodeEnv,
          store: config.storeUrl.split(':')[0],
          keys: privateKeys.map(keyFingerprint),
          playground: playground.enabled ? '/playground' : 'off',
          tenants: tenants ? 'on' : 'off',
        },
        'Flows Endpoint listening',
      );
      // Whoever waits for this line (an operator, a supervisor) should not wait for the batch.
      logDestination.flush();
    });
  // A store that does not answer now is a setting to fix, not an outage to ride out: say so and
  // stop, before listening (a connecting Redis refuses commands, so it is given a few tries).
  void storeAnswers(store, STARTUP_STORE_WAIT_MS).then((verdict) => {
    if (verdict !== 'ok') {
      cannotStart(
        `STORE_URL: the store at ${storeHost(config.storeUrl)} does not answer (${verdict})`,
        exit,
      );
    }
    listen();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      // A worker hears Ctrl-C from the terminal and SIGTERM from its primary: the primary decides
      // when waiting is over. Alone, a second signal means "now".
      if (cluster.isWorker) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
    }
    shuttingDown = true;
    logger.info(
      { signal, delayMs: config.shutdownDelayMs },
      'shutting down: finishing requests in flight',
    );
    void shutDownServer(server, logger, { delayMs: config.shutdownDelayMs })
      .then(() => {
        tenants?.close();
        return store.close();
      })
      .catch((err: unknown) => logger.error({ err }, 'store did not close cleanly'))
      .then(() => {
        logger.info('stopped');
        exit(0);
      });
  };
  // A promise a handler forgot must not take every other user's request down with the process.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** How long start-up waits for the store to answer its first ping. */
const STARTUP_STORE_WAIT_MS = 5000;

/** 'ok' once the store answers a ping, else, after `withinMs` of tries, why it did not. */
async function storeAnswers(store: Store, withinMs: number): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const verdict = await pingWithin(store, STORE_TIMEOUT_MS);
    if (verdict === 'ok' || Date.now() >= deadline) return verdict;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Where the store is, for a message: a Redis host and port (never its password), or a file. */
function storeHost(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'sqlite:' ? url.slice('sqlite:'.length) : parsed.host;
  } catch {
    return 'STORE_URL';
  }
}

/**
 * A start-up failure a person fixes (configuration, port, store): one plain line on stderr and
 * exit 1, never a JSON line with a stack.
 */
function cannotStart(message: string, exit: (code: number) => void = process.exit): never {
  console.error(`Flows Endpoint cannot start: ${message}`);
  exit(1);
  // `exit` ends the process; this line only tells TypeScript so.
  throw new Error(message);
}

function warnAboutDevelopmentSettings(
  config: Config,
  webhookConfig: WebhookConfig,
  logger: Logger,
): void {
  if (config.appSecrets.length === 0 && webhookConfig.secrets.length === 0) {
    logger.warn(
      config.production
        ? 'Neither APP_SECRET nor WEBHOOK_SECRET is set: POST /webhooks/whatsapp refuses every delivery. Set APP_SECRET (Meta) or WEBHOOK_SECRET (360dialog).'
        : 'Neither APP_SECRET nor WEBHOOK_SECRET is set: webhook deliveries are NOT authenticated. Set one before going live.',
    );
  }
  if (webhookConfig.verifyToken === undefined) {
    logger.info(
      "WEBHOOK_VERIFY_TOKEN is not set: Meta's webhook verification handshake is refused (360dialog needs none).",
    );
  }
  if (config.requestSignatures === 'off') {
    logger.warn(
      'REQUEST_SIGNATURES=off: request signatures are NOT checked. Anyone who holds a valid flow token, or your public key for a ping, can call the flow endpoint; every action but ping still needs a valid signed flow token.',
    );
  } else if (config.appSecrets.length === 0) {
    logger.warn(
      'APP_SECRET is not set: request signatures are NOT being checked. Anyone can call this endpoint. Set APP_SECRET to your Meta app secret.',
    );
  }
  if (config.flowTokenSecretIsDefault) {
    logger.warn(
      'FLOW_TOKEN_SECRET is not set: flow tokens are signed with a development secret. Set FLOW_TOKEN_SECRET before going live.',
    );
  }
}

main();

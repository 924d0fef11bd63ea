import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { config as loadDotenv } from 'dotenv';
import pino, { type Logger } from 'pino';
import { createApp } from './app/create-app';
import { runPrimary } from './cluster/run-primary';
import { ConfigError } from './errors/config-error';
import { loadConfig, type Config } from './config/load-config';
import { resolvePrivateKeys } from './config/resolve-private-key';
import { keyFingerprint } from './crypto/key-fingerprint';
import { uploadInstructions } from './crypto/upload-instructions';
import { createFlows } from './flows';
import { DRAIN_MS, shutDownServer } from './http/graceful-shutdown';
import { STORE_TIMEOUT_MS } from './http/readiness-endpoint';
import { loadServerLimits, type ServerLimits } from './http/server-limits';
import { createLogger } from './logging/create-logger';
import { createMediaReader } from './media/media-reader';
import { loadMediaSettings, type MediaSettings } from './media/media-settings';
import { FlowJsonError } from './router/load-flow';
import { createMetrics } from './metrics/create-metrics';
import { registerReadinessGauges } from './metrics/readiness-gauges';
import { loadPlaygroundConfig, type PlaygroundConfig } from './playground/playground-config';
import { playgroundFlowJsonFile } from './playground/playground-flow-json-file';
import { createStore } from './store/create-store';
import { readFlowIds } from './webhooks/flow-ids';
import { loadWebhookConfig, type WebhookConfig } from './webhooks/webhook-config';

/** Load balancers keep idle connections up to 60 s (AWS ALB's default): outlive them. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** How often requests are held to their time limits: slow senders are cut within a second of it. */
const TIMEOUT_CHECK_MS = 1000;
const MAX_HEADER_BYTES = 16 * 1024;

/** The only place that reads the environment and listens. */
function main(): void {
  loadDotenv({ quiet: true });
  let config: Config;
  let playground: PlaygroundConfig;
  let privateKeys;
  let media: MediaSettings;
  let webhookConfig: WebhookConfig;
  let limits: ServerLimits;
  try {
    config = loadConfig(process.env);
    playground = loadPlaygroundConfig(process.env);
    media = loadMediaSettings(process.env);
    webhookConfig = loadWebhookConfig(process.env);
    limits = loadServerLimits(process.env);
    const resolved = resolvePrivateKeys(config);
    privateKeys = resolved.keys;
    if (resolved.generated) {
      console.log(
        `No private key found: generated a development key pair in ${resolved.generated.privatePath}.\n` +
          uploadInstructions(resolved.generated.publicPem, resolved.generated.publicPath),
      );
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Flows Endpoint cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  // A process that serves requests writes its lines in batches of 4 KiB or every second (one
  // write a line cost as much as the line). A cluster primary serves none: its few lines (a worker
  // died, shutting down) are written at once. Flushed before exiting either way.
  const servesRequests = !(cluster.isPrimary && config.webConcurrency > 1);
  const logDestination = pino.destination({
    dest: 1,
    sync: false,
    ...(servesRequests && { minLength: 4096, periodicFlush: 1000 }),
  });
  const logger = createLogger(config.logLevel, logDestination);
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

  const store = createStore(config.storeUrl, { logger });
  const flows = createFlows({ store, mediaDir: media.dir, logger });
  let flowIds = new Map<string, string>();
  try {
    flowIds = readFlowIds();
  } catch (err) {
    // Alerts then carry Meta's Flow id alone; the server itself is fine.
    logger.warn({ err }, 'flows.lock.json unreadable: Flow alerts are named by Meta Flow id');
  }
  let shuttingDown = false;
  const metrics = createMetrics();
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
      logger,
      store,
      tokens: { secret: config.flowTokenSecret, production: config.production },
      validation: config.flowValidation,
      sessionTtlSeconds: config.sessionTtlSeconds,
      metricsToken: config.metricsToken,
      trustProxy: config.trustProxy,
      isShuttingDown: () => shuttingDown,
      unverifiedBodiesMax: limits.unverifiedBodiesMax,
      ...(playground.enabled && {
        playground: { token: playground.token, flowJsonFile: playgroundFlowJsonFile },
      }),
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
        flowNameOf: (flowId) => flowIds.get(flowId),
        // One process redrives: in a cluster, workers would run the same hooks side by side.
        redriveAtStart: cluster.isPrimary || cluster.worker?.id === 1,
      },
    });
  } catch (err) {
    // A flow whose handlers do not fit its flow.json: the same plain lines `npm start`'s build prints.
    if (err instanceof FlowJsonError) {
      console.error(`Flows Endpoint cannot start: ${err.message}`);
      exit(1);
    }
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
  server.on('error', (err) => {
    logger.fatal({ err }, 'server failed');
    exit(1);
  });
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
      },
      'Flows Endpoint listening',
    );
    // Whoever waits for this line (an operator, a supervisor) should not wait for the batch.
    logDestination.flush();
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
      .then(() => store.close())
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
  if (config.appSecrets.length === 0) {
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

import type { Server } from 'node:http';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './app/create-app';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { resolvePrivateKey } from './config/resolve-private-key';
import { uploadInstructions } from './crypto/upload-instructions';
import { createFlows } from './flows';
import { gracefulShutdown } from './http/graceful-shutdown';
import { createLogger } from './logging/create-logger';
import { createStore } from './store/create-store';

/** The only place that reads the environment and listens. */
function main(): void {
  loadDotenv({ quiet: true });
  let config;
  let privateKey;
  try {
    config = loadConfig(process.env);
    const resolved = resolvePrivateKey(config);
    privateKey = resolved.key;
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

  const logger = createLogger(config.logLevel);
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

  const store = createStore(config.storeUrl, { logger });
  const flows = createFlows({ store });
  const app = createApp({
    flows,
    keys: { privateKey, appSecrets: config.appSecrets },
    logger,
    store,
    tokens: { secret: config.flowTokenSecret, production: config.production },
    validation: config.flowValidation,
    sessionTtlSeconds: config.sessionTtlSeconds,
  });
  // Express 5 also calls this back with the error when listening fails (the 'error' handler
  // below reports it); without the check a busy port would first log "listening".
  const server: Server = app.listen(config.port, config.host, (err?: Error) => {
    if (err) return;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      {
        port,
        flows: flows.map((flow) => `/flows/${flow.name}`),
        env: config.nodeEnv,
        store: config.storeUrl.split(':')[0],
      },
      'Flows Endpoint listening',
    );
  });
  server.on('error', (err) => {
    logger.fatal({ err }, 'server failed');
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal means "now": the operator no longer wants to wait for requests in flight.
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    void gracefulShutdown(server, logger)
      .then(() => store.close())
      .catch((err: unknown) => logger.error({ err }, 'store did not close cleanly'))
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      });
  };
  // A promise a handler forgot must not take every other user's request down with the process.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();

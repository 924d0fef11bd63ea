import { join } from 'node:path';
import { createServer } from 'node:http';
import pino from 'pino';
import { createApp } from '../../src/app/create-app';
import { loadConfig } from '../../src/config/load-config';
import { resolvePrivateKeys } from '../../src/config/resolve-private-key';
import { createLogger } from '../../src/logging/create-logger';
import { loadProjectFlows } from '../../src/project/load-project-flows';
import { cacheDirOf, flowsDirOf } from '../../src/project/project-paths';
import { createStore } from '../../src/store/create-store';

/**
 * The server as src/server.ts builds it, with one difference: flow requests are routed through
 * Express (`flowRouting: 'express'`). Beside the real server it shows what the fast path saves.
 */
const config = loadConfig(process.env);
const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
const logger = createLogger(config.logLevel, destination);
const store = createStore(config.storeUrl, { logger });
const flowsDir = flowsDirOf();
const project = loadProjectFlows(
  flowsDir,
  { store, logger, mediaDir: join(process.cwd(), 'data', 'media') },
  cacheDirOf(flowsDir),
);
const app = createApp({
  flows: project.flows.map((flow) => flow.definition),
  keys: { privateKeys: resolvePrivateKeys(config).keys, appSecrets: config.appSecrets },
  logger,
  store,
  tokens: { secret: config.flowTokenSecret, production: config.production },
  validation: config.flowValidation,
  trustProxy: config.trustProxy,
  flowRouting: 'express',
});
const server = createServer(app).listen(config.port, config.host);
process.on('SIGTERM', () =>
  server.close(() => {
    void store.close().then(() => {
      destination.flushSync();
      process.exit(0);
    });
  }),
);

import { availableParallelism } from 'node:os';
import type { z } from 'zod';
import { configPart, loadConfigPart, type Runtime } from './config-part';
import { configRules, configSchema, servingRules, splitSecrets } from './config-schema';

type Vars = z.infer<typeof configSchema>;

const DEFAULT_PRIVATE_KEY_PATH = 'keys/private.pem';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  host: string;
  logLevel: Vars['LOG_LEVEL'];
  privateKey: {
    /** PEM text from PRIVATE_KEY; wins over the paths when both are set. */
    pem: string | undefined;
    /** Key files, newest first: several while a key is being rotated. */
    paths: string[];
    /** True when PRIVATE_KEY_PATH was not set, so a development key may be generated there. */
    pathIsDefault: boolean;
    /** One for all keys, or one per key separated by commas. */
    passphrase: string | undefined;
  };
  /** Newest first; empty only outside production, or with request signatures off. */
  appSecrets: string[];
  /** REQUEST_SIGNATURES: `off` trusts flow tokens alone for every action but ping. */
  requestSignatures: 'on' | 'off';
  /** How answers are held to flow.json: strict outside production, warn in production. */
  flowValidation: NonNullable<Vars['FLOW_VALIDATION']>;
  /** sqlite:<path> or redis://host:port[/db] */
  storeUrl: string;
  /** Signs flow tokens; a fixed development secret when unset outside production. */
  flowTokenSecret: string;
  flowTokenSecretIsDefault: boolean;
  sessionTtlSeconds: number;
  /** Bearer token GET /metrics requires, when set. */
  metricsToken: string | undefined;
  /** Express `trust proxy`: false, true, a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  /** Worker processes: 1 runs no cluster. */
  webConcurrency: number;
  /**
   * On SIGTERM, how long to keep accepting (readiness already down) before closing the listener,
   * so that connections a load balancer sent before it noticed are answered, not reset.
   */
  shutdownDelayMs: number;
}

/** Production's shutdown delay: with the drain after it, within `docker stop`'s 10 s. */
const DEFAULT_SHUTDOWN_DELAY_MS = 3000;

/** Outside production only, so that tokens issued by the CLI work with `npm start` out of the box. */
export const DEVELOPMENT_TOKEN_SECRET =
  'development-only-flow-token-secret-do-not-use-in-production';

/** The core's settings from its variables, once NODE_ENV is known. */
function coreSettings(vars: Vars, { nodeEnv, production }: Runtime): Config {
  return {
    nodeEnv,
    production,
    port: vars.PORT,
    host: vars.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    logLevel: vars.LOG_LEVEL,
    privateKey: {
      pem: vars.PRIVATE_KEY,
      paths: splitSecrets(vars.PRIVATE_KEY_PATH ?? DEFAULT_PRIVATE_KEY_PATH),
      pathIsDefault: vars.PRIVATE_KEY_PATH === undefined,
      passphrase: vars.PASSPHRASE,
    },
    appSecrets: splitSecrets(vars.APP_SECRET),
    requestSignatures: vars.REQUEST_SIGNATURES,
    flowValidation: vars.FLOW_VALIDATION ?? (production ? 'warn' : 'strict'),
    storeUrl: vars.STORE_URL,
    flowTokenSecret: vars.FLOW_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET,
    flowTokenSecretIsDefault: vars.FLOW_TOKEN_SECRET === undefined,
    sessionTtlSeconds: vars.SESSION_TTL,
    metricsToken: vars.METRICS_TOKEN,
    trustProxy: vars.TRUST_PROXY,
    webConcurrency: vars.WEB_CONCURRENCY === 'auto' ? availableParallelism() : vars.WEB_CONCURRENCY,
    shutdownDelayMs: vars.SHUTDOWN_DELAY ?? (production ? DEFAULT_SHUTDOWN_DELAY_MS : 0),
  };
}

/** The core's part of the environment, as commands read it (keys status, benchmarks). */
const coreConfigPart = configPart({
  schema: configSchema,
  rules: configRules,
  settings: coreSettings,
});

/** The core's part for the server itself, which also refuses what is unsafe to listen with. */
export const servingConfigPart = configPart({
  schema: configSchema,
  rules: servingRules,
  settings: coreSettings,
});

/**
 * Validates the core's variables; throws a ConfigError listing every problem at once.
 * `serving`: for the server itself, which also refuses what is unsafe to listen with.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: { serving?: boolean } = {}): Config {
  return loadConfigPart(env, options.serving ? servingConfigPart : coreConfigPart);
}

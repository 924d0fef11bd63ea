import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { optional, type Problem, type Runtime } from './config-part';

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

/** A size such as 3mb, 512kb or 1048576, in bytes; `minimum` is said as `minimumText`. */
export const sizeVariable = (defaultBytes: number, minimum: number, minimumText: string) =>
  optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^\d{1,9}\s*(b|kb|mb)?$/, { error: 'must be a size such as 3mb, 512kb or 1048576' })
      .transform((value) => {
        const [, amount = '0', unit = ''] = /^(\d+)\s*([a-z]*)$/.exec(value) ?? [];
        return Number(amount) * (SIZE_UNITS[unit] ?? 1);
      })
      .refine((bytes) => bytes >= minimum, { error: `must be at least ${minimumText}` })
      .default(defaultBytes),
  );

/**
 * Variables commands read on their own (a command loads only what it needs, see
 * src/cli/load-command-env.ts), shared with the server's schema so both say the same.
 */
export const storeUrlVariable = optional(
  z
    .string()
    .regex(/^(sqlite:.+|rediss?:\/\/.+)$/, {
      error: 'must be sqlite:<path> or redis://host:port[/db]',
    })
    .default('sqlite:data/flows.db'),
);
export const flowTokenSecretVariable = optional(
  z
    .string()
    .min(32, { error: 'must be at least 32 characters (e.g. openssl rand -hex 32)' })
    .optional(),
);
/** The Graph API version calls (and the commands people are shown) use. */
export const DEFAULT_GRAPH_API_VERSION = 'v23.0';
export const graphApiVersionVariable = optional(
  z
    .string()
    .regex(/^v\d+\.\d+$/, { error: 'must look like v23.0' })
    .default(DEFAULT_GRAPH_API_VERSION),
);

/** The environment, validated. Names follow Meta's example endpoint so its `.env` keeps working. */
export const configSchema = z.object({
  PORT: optional(
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, { error: 'must be a port number from 0 to 65535' })
      .transform(Number)
      .refine((port) => port <= 65535, { error: 'must be a port number from 0 to 65535' })
      .default(3000),
  ),
  // Loopback outside production (signature checks may be off there); every interface in production.
  HOST: optional(z.string().optional()),
  LOG_LEVEL: optional(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  PRIVATE_KEY: optional(z.string().optional()),
  PRIVATE_KEY_PATH: optional(z.string().optional()),
  PASSPHRASE: optional(z.string().optional()),
  APP_SECRET: optional(z.string().optional()),
  // `off` only when the Meta app's secret is not held (a Flow connected through a partner's app).
  REQUEST_SIGNATURES: optional(z.enum(['on', 'off'], { error: 'must be on or off' }).default('on')),
  FLOW_VALIDATION: optional(
    z.enum(['strict', 'warn', 'off'], { error: 'must be strict, warn or off' }).optional(),
  ),
  STORE_URL: storeUrlVariable,
  FLOW_TOKEN_SECRET: flowTokenSecretVariable,
  METRICS_TOKEN: optional(z.string().optional()),
  // Said out loud, so that an open /metrics in production is a choice, not an omission.
  METRICS_PUBLIC: optional(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  ALLOW_DEV_ON_NETWORK: optional(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  TRUST_PROXY: optional(
    z
      .string()
      .transform((value) =>
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : /^\d+$/.test(value)
              ? Number(value)
              : value,
      )
      .default(false),
  ),
  WEB_CONCURRENCY: optional(
    z
      .string()
      .regex(/^(auto|[1-9]\d{0,2})$/, {
        error: 'must be a number of workers (1 or more) or auto',
      })
      .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
      .default(1),
  ),
  SHUTDOWN_DELAY: optional(
    z
      .string()
      .regex(/^\d{1,5}$/, { error: 'must be a number of milliseconds (0 to 99999)' })
      .transform(Number)
      .optional(),
  ),
  SESSION_TTL: optional(
    z
      .string()
      .regex(/^\d+$/, { error: 'must be a number of seconds' })
      .transform(Number)
      .default(24 * 60 * 60),
  ),
});

/** Production fails closed without a FLOW_TOKEN_SECRET: for the server and every command. */
export function flowTokenSecretRule(secret: string | undefined, runtime: Runtime): Problem[] {
  return runtime.production && secret === undefined
    ? [
        {
          variable: 'FLOW_TOKEN_SECRET',
          message:
            'is required in production: set it to a long random secret (openssl rand -hex 32); it signs the flow tokens',
        },
      ]
    : [];
}

type Vars = z.output<typeof configSchema>;

/** What the configuration refuses in production, for the server and the commands reading it. */
export function configRules(env: Vars, runtime: Runtime): Problem[] {
  return [
    ...(runtime.production &&
    env.REQUEST_SIGNATURES !== 'off' &&
    splitSecrets(env.APP_SECRET).length === 0
      ? [
          {
            variable: 'APP_SECRET',
            message:
              'is required in production: set it to your Meta app secret (App settings > Basic), so that request signatures are checked (or REQUEST_SIGNATURES=off if the secret is not yours to hold)',
          },
        ]
      : []),
    ...flowTokenSecretRule(env.FLOW_TOKEN_SECRET, runtime),
  ];
}

/** Whether HOST binds this machine only: `localhost`, 127.0.0.0/8 or ::1. */
function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    name === 'localhost' || (ipaddr.isValid(name) && ipaddr.process(name).range() === 'loopback')
  );
}

/**
 * What the server itself must refuse to start with (commands reading the same variables need
 * not): production with /metrics open by omission, and development settings (signatures
 * unchecked, development tokens accepted) listening beyond this machine.
 */
export function servingRules(env: Vars, runtime: Runtime): Problem[] {
  const problems = configRules(env, runtime);
  if (runtime.production && env.METRICS_TOKEN === undefined && env.METRICS_PUBLIC !== 'true') {
    problems.push({
      variable: 'METRICS_TOKEN',
      message:
        'is required in production: set it to a long random token (openssl rand -hex 32) that Prometheus sends as its bearer token, or set METRICS_PUBLIC=true if /metrics is meant to be open',
    });
  }
  const host = env.HOST;
  if (
    !runtime.production &&
    host !== undefined &&
    !isLoopbackHost(host) &&
    env.ALLOW_DEV_ON_NETWORK !== 'true'
  ) {
    problems.push({
      variable: 'HOST',
      message: `is ${host}, beyond this machine, with NODE_ENV=${runtime.nodeEnv} (request signatures may go unchecked, development tokens are accepted): set NODE_ENV=production, or ALLOW_DEV_ON_NETWORK=true if this is meant`,
    });
  }
  return problems;
}

export function splitSecrets(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
}

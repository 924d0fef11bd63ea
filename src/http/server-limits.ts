import { z } from 'zod';
import { configPart, loadConfigPart, optional } from '../config/config-part';
import { sizeVariable } from '../config/config-schema';

/**
 * 32 MiB: ten of the largest webhook bodies, or thirty-two flow requests at their limit, at once;
 * flow requests are a few KiB, so thousands fit.
 */
export const DEFAULT_UNVERIFIED_BODIES_MAX = 32 * 1024 * 1024;

const milliseconds = (defaultMs: number) =>
  optional(
    z
      .string()
      .trim()
      .regex(/^\d{3,6}$/, { error: 'must be a number of milliseconds from 100 to 999999' })
      .transform(Number)
      .default(defaultMs),
  );

/** How much the server takes on at once, and how long a client may take to send a request. */
const serverLimitsSchema = z.object({
  MAX_CONNECTIONS: optional(
    z
      .string()
      .trim()
      .regex(/^[1-9]\d{0,5}$/, { error: 'must be a number of connections (1 or more)' })
      .transform(Number)
      .default(1000),
  ),
  // WhatsApp gives up on a flow request after 10 s: a request still arriving by then is not its.
  HEADERS_TIMEOUT: milliseconds(5000),
  REQUEST_TIMEOUT: milliseconds(10_000),
  UNVERIFIED_BODIES_MAX: sizeVariable(DEFAULT_UNVERIFIED_BODIES_MAX, 1024 * 1024, '1mb'),
});

export interface ServerLimits {
  /** Open connections at once (per process); more are closed as they come. */
  maxConnections: number;
  /** A request's headers must have arrived within this. */
  headersTimeoutMs: number;
  /** A whole request, headers and body, must have arrived within this. */
  requestTimeoutMs: number;
  /** Bytes of bodies read before their sender is authenticated, all requests together. */
  unverifiedBodiesMax: number;
}

/** The server limits' part of the configuration. */
export const serverLimitsPart = configPart({
  schema: serverLimitsSchema,
  rules: (vars) =>
    vars.HEADERS_TIMEOUT > vars.REQUEST_TIMEOUT
      ? [
          {
            variable: 'HEADERS_TIMEOUT',
            message:
              'must not be longer than REQUEST_TIMEOUT (the headers are part of the request)',
          },
        ]
      : [],
  settings: (vars): ServerLimits => ({
    maxConnections: vars.MAX_CONNECTIONS,
    headersTimeoutMs: vars.HEADERS_TIMEOUT,
    requestTimeoutMs: vars.REQUEST_TIMEOUT,
    unverifiedBodiesMax: vars.UNVERIFIED_BODIES_MAX,
  }),
});

/** Validates the limits' variables; throws a ConfigError naming each one to fix. */
export function loadServerLimits(env: NodeJS.ProcessEnv): ServerLimits {
  return loadConfigPart(env, serverLimitsPart);
}

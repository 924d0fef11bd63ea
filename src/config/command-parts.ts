import { z } from 'zod';
import { configPart, optional } from './config-part';
import {
  flowTokenSecretRule,
  flowTokenSecretVariable,
  graphApiVersionVariable,
  splitSecrets,
  storeUrlVariable,
} from './config-schema';

/**
 * Parts of the core's configuration that commands read on their own (a command loads only what
 * it needs, see src/cli/load-command-env.ts), with the same variables and rules as the server.
 */

/** FLOW_TOKEN_SECRET: required in production, as the server requires it. */
export const flowTokenConfigPart = configPart({
  schema: z.object({ FLOW_TOKEN_SECRET: flowTokenSecretVariable }),
  rules: (vars, runtime) => flowTokenSecretRule(vars.FLOW_TOKEN_SECRET, runtime),
  settings: (vars) => ({ secret: vars.FLOW_TOKEN_SECRET }),
});

export const storeConfigPart = configPart({
  schema: z.object({ STORE_URL: storeUrlVariable }),
  settings: (vars) => ({ url: vars.STORE_URL }),
});

export const graphApiVersionPart = configPart({
  schema: z.object({ GRAPH_API_VERSION: graphApiVersionVariable }),
  settings: (vars) => vars.GRAPH_API_VERSION,
});

/** APP_SECRET's values, newest first. */
export const appSecretsPart = configPart({
  schema: z.object({ APP_SECRET: optional(z.string().optional()) }),
  settings: (vars) => splitSecrets(vars.APP_SECRET),
});

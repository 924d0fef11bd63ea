import { z } from 'zod';
import { configPart, loadConfigPart, optional } from '../config/config-part';

/** Whether /playground is served, and the token it then asks for. */
export interface PlaygroundConfig {
  enabled: boolean;
  /** When set, every playground request must carry it (cookie, bearer header or `?token=`). */
  token: string | undefined;
}

const playgroundEnvSchema = z.object({
  PLAYGROUND: optional(z.enum(['on', 'off'], { error: 'must be on or off' }).optional()),
  PLAYGROUND_TOKEN: optional(
    z
      .string()
      .min(24, { error: 'must be at least 24 characters (e.g. openssl rand -hex 24)' })
      .optional(),
  ),
});

/**
 * PLAYGROUND / PLAYGROUND_TOKEN: on by default outside production; in production off unless
 * PLAYGROUND=on, and then only with a token (fails closed).
 */
export const playgroundConfigPart = configPart({
  schema: playgroundEnvSchema,
  rules: (vars, { production }) =>
    production && vars.PLAYGROUND === 'on' && !vars.PLAYGROUND_TOKEN
      ? [
          {
            variable: 'PLAYGROUND_TOKEN',
            message:
              'is required when PLAYGROUND=on in production: the playground sends requests with your keys',
          },
        ]
      : [],
  settings: (vars, { production }): PlaygroundConfig => ({
    enabled: vars.PLAYGROUND === undefined ? !production : vars.PLAYGROUND === 'on',
    token: vars.PLAYGROUND_TOKEN,
  }),
});

export function loadPlaygroundConfig(env: NodeJS.ProcessEnv): PlaygroundConfig {
  return loadConfigPart(env, playgroundConfigPart);
}

import { z } from 'zod';
import { ConfigError } from '../config/config-error';

/** Whether /playground is served, and the token it then asks for. */
export interface PlaygroundConfig {
  enabled: boolean;
  /** When set, every playground request must carry it (cookie, bearer header or `?token=`). */
  token: string | undefined;
}

const blankIsUnset = (value: unknown) => (value === '' ? undefined : value);

const playgroundEnvSchema = z
  .object({
    NODE_ENV: z.preprocess(blankIsUnset, z.string().default('development')),
    PLAYGROUND: z.preprocess(
      blankIsUnset,
      z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
    ),
    PLAYGROUND_TOKEN: z.preprocess(
      blankIsUnset,
      z
        .string()
        .min(24, { error: 'must be at least 24 characters (e.g. openssl rand -hex 24)' })
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.PLAYGROUND === 'on' && !env.PLAYGROUND_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['PLAYGROUND_TOKEN'],
        message:
          'is required when PLAYGROUND=on in production: the playground sends requests with your keys',
      });
    }
  });

/**
 * PLAYGROUND / PLAYGROUND_TOKEN: on by default outside production; in production off unless
 * PLAYGROUND=on, and then only with a token (fails closed).
 */
export function loadPlaygroundConfig(env: NodeJS.ProcessEnv): PlaygroundConfig {
  const parsed = playgroundEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  const { NODE_ENV, PLAYGROUND, PLAYGROUND_TOKEN } = parsed.data;
  const enabled = PLAYGROUND === undefined ? NODE_ENV !== 'production' : PLAYGROUND === 'on';
  return { enabled, token: PLAYGROUND_TOKEN };
}

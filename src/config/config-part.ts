import { z } from 'zod';
import { ConfigError } from './config-error';

/** Unset and empty variables are the same thing, as in most deployment tools. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

const nodeEnvVariable = optional(
  z
    .enum(['development', 'production', 'test'], {
      error: 'must be development, production or test',
    })
    .default('development'),
);

/** NODE_ENV, read once by the loader and handed to every part's rules and settings. */
export interface Runtime {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
}

/** A rule's finding: the variable to fix, and what to do about it. */
export interface Problem {
  variable: string;
  message: string;
}

/**
 * One capability's share of the environment: its variables as a zod object, rules across them
 * (and on NODE_ENV), and the settings the capability is given.
 */
export interface ConfigPart<T> {
  readonly schema: z.ZodObject;
  /** Problems with the variables, or the settings they make. */
  read(env: Record<string, string | undefined>, runtime: Runtime | undefined): Read<T>;
}

/** Settings only when there are no problems and NODE_ENV is known. */
type Read<T> = { problems: string[]; settings: T | undefined };

export function configPart<S extends z.ZodObject, T>(part: {
  schema: S;
  rules?: (vars: z.output<S>, runtime: Runtime) => Problem[];
  settings: (vars: z.output<S>, runtime: Runtime) => T;
}): ConfigPart<T> {
  const { schema, rules } = part;
  return {
    schema,
    read(env, runtime) {
      const withRules =
        rules && runtime
          ? schema.superRefine(
              (vars, ctx) => {
                for (const { variable, message } of rules(vars, runtime)) {
                  ctx.addIssue({ code: 'custom', path: [variable], message });
                }
              },
              // Zod skips refinements once a field failed; run anyway so a bad PORT does not hide
              // a missing APP_SECRET and every problem is reported in one go.
              { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
            )
          : schema;
      const parsed = withRules.safeParse(env);
      if (!parsed.success) {
        return { problems: parsed.error.issues.map(describeIssue), settings: undefined };
      }
      return { problems: [], settings: runtime && part.settings(parsed.data, runtime) };
    },
  };
}

/** `VARIABLE what to fix`: one line of a ConfigError. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.join('.') || 'environment'} ${issue.message}`;
}

/** NODE_ENV, the one place it is parsed: development unless said otherwise. */
function readRuntime(env: Record<string, string | undefined>): Runtime | Problem {
  const parsed = nodeEnvVariable.safeParse(env.NODE_ENV);
  if (!parsed.success) {
    return { variable: 'NODE_ENV', message: parsed.error.issues[0]?.message ?? 'is invalid' };
  }
  return { nodeEnv: parsed.data, production: parsed.data === 'production' };
}

type Settings<P> = { [K in keyof P]: P[K] extends ConfigPart<infer T> ? T : never };

/**
 * Reads the environment once for every part: the settings of each, and the runtime; or a
 * ConfigError listing every problem of every part together, one line each.
 */
export function loadConfigParts<P extends Record<string, ConfigPart<unknown>>>(
  env: Record<string, string | undefined>,
  parts: P,
): Settings<P> & { runtime: Runtime } {
  const runtime = readRuntime(env);
  const valid = 'variable' in runtime ? undefined : runtime;
  const problems = 'variable' in runtime ? [`${runtime.variable} ${runtime.message}`] : [];
  const settings: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(parts)) {
    const read = part.read(env, valid);
    problems.push(...read.problems);
    settings[name] = read.settings;
  }
  if (!valid || problems.length > 0) throw new ConfigError(problems);
  return { ...(settings as Settings<P>), runtime: valid };
}

/** One part's settings: for a command or a test that needs only that part. */
export function loadConfigPart<T>(env: Record<string, string | undefined>, part: ConfigPart<T>): T {
  return loadConfigParts(env, { part }).part;
}

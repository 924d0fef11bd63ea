import { config as loadDotenv } from 'dotenv';
import type { z } from 'zod';
import { UsageError } from './usage-error';

/**
 * The variables one command needs, from the environment and `.env`, parsed with that command's
 * own zod schema (build it from the shared variables in src/config/config-schema.ts or the
 * capability's own): a command never demands what it does not use. A problem is the user's to
 * fix: one line naming each variable, exit 2.
 */
export function loadCommandEnv<T extends z.ZodType>(schema: T): z.output<T> {
  loadDotenv({ quiet: true });
  const parsed = schema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  throw new UsageError(
    parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)
      .join('; '),
  );
}

import type { z } from 'zod';
import { UsageError } from './usage-error';

/** Parses one flag's value with zod; a bad value is the user's mistake, named by its flag. */
export function parseFlag<T extends z.ZodType>(
  schema: T,
  value: unknown,
  flag: string,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(`${flag}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
}

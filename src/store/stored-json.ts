import type { Logger } from 'pino';
import type { z } from 'zod';

/** Where an unreadable record is reported; a getter, so a request's logger is made only then. */
export interface LogSource {
  readonly log: Logger;
}

/**
 * A kind of record kept in the store as JSON, parsed with its schema when read back. A row that
 * does not parse (corrupt, or from a version that wrote another shape) is logged, by kind and
 * failing field names only, and read as absent: never a 500. A schema may accept an older shape
 * and transform it to the current one.
 */
export interface StoredJson<T> {
  write(value: T): string;
  read(text: string | undefined, logs?: LogSource): T | undefined;
}

export function storedJson<T>(kind: string, schema: z.ZodType<T, unknown>): StoredJson<T> {
  return {
    write: (value) => JSON.stringify(value),
    read(text, logs) {
      if (text === undefined) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        logs?.log.warn({ record: kind }, 'stored record is not JSON; treated as absent');
        return undefined;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      // Of a union of shapes (current, earlier), the current one's complaints say most.
      const issues = parsed.error.issues.flatMap((issue) =>
        issue.code === 'invalid_union' && issue.errors[0] ? issue.errors[0] : [issue],
      );
      const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(record)'))];
      logs?.log.warn(
        { record: kind, fields },
        'stored record does not match its schema; treated as absent',
      );
      return undefined;
    },
  };
}

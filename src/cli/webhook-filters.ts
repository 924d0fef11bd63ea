import { z } from 'zod';
import { parseFlag } from './parse-flag';

const dateSchema = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), {
    error: 'must be a date such as 2026-03-01 or 2026-03-01T08:00:00Z',
  })
  .transform((value) => new Date(value));

/** `--flow` and `--since` of `flows completions` and `flows events`. */
export interface RecordFilter {
  flow: string | undefined;
  since: Date | undefined;
}

export function parseRecordFilter(options: { flow?: string; since?: string }): RecordFilter {
  return {
    flow: options.flow,
    since:
      options.since === undefined ? undefined : parseFlag(dateSchema, options.since, '--since'),
  };
}

export function matchesFilter(
  record: { flow?: string; flowId?: string; receivedAt: string },
  filter: RecordFilter,
): boolean {
  if (filter.since && new Date(record.receivedAt) < filter.since) return false;
  if (filter.flow === undefined) return true;
  if (filter.flow === 'unmatched') return record.flow === undefined && record.flowId === undefined;
  return record.flow === filter.flow || record.flowId === filter.flow;
}

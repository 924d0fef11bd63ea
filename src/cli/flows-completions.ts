import { Command } from 'commander';
import { z } from 'zod';
import { unassignedRecords } from '../webhooks/delivery-lane';
import { createWebhookRecords, type CompletionRecord } from '../webhooks/webhook-records';
import { csvLine } from './csv';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { parseTenantFlag } from './tenant-flag';
import { TENANT_RECORDS_OPTION, withRecordsOf } from './tenant-records';
import { UsageError } from './usage-error';
import { matchesFilter, parseRecordFilter } from './webhook-filters';

const FIXED = ['message_id', 'flow', 'received_at', 'matched_by', 'reason', 'subject', 'from'];

const cell = (value: unknown) =>
  value === undefined || value === null
    ? ''
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** One column per param, in the order they first appear; `playground` last when they are in. */
function completionsCsv(
  records: readonly CompletionRecord[],
  { playground = false }: { playground?: boolean } = {},
): string {
  const params = [...new Set(records.flatMap((record) => Object.keys(record.params)))];
  const lines = records.map((record) =>
    csvLine([
      record.id,
      record.flow ?? '',
      record.receivedAt,
      record.matchedBy,
      record.reason ?? '',
      record.subject ?? '',
      record.from ?? '',
      ...params.map((name) => cell(record.params[name])),
      ...(playground ? [record.playground ? 'yes' : ''] : []),
    ]),
  );
  const header = [...FIXED, ...params, ...(playground ? ['playground'] : [])];
  return [csvLine(header), ...lines].join('\n');
}

interface CompletionsOptions {
  flow?: string;
  since?: string;
  format: string;
  includePlayground?: boolean;
  unassigned?: boolean;
  tenant?: string;
}

/**
 * `flows completions [--flow F] [--since DATE] [--format csv|json] [--include-playground]
 * [--tenant ID]`,
 * oldest first; what the playground made is left out unless asked for.
 */
export function completionsCommand(): Command {
  return new Command('completions')
    .description('export the Flow completions received by the webhook, from STORE_URL')
    .option('--flow <name>', 'only this flow ("unmatched" for completions no flow claimed)')
    .option('--since <date>', 'only those received at or after this date')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--include-playground', 'also those made in the playground (marked playground)')
    .option('--unassigned', 'instead, those no tenant claimed (partner mode), with the reason')
    .option(...TENANT_RECORDS_OPTION)
    .addHelpText(
      'after',
      '\nExamples:\n  npm run --silent flows -- completions --flow feedback --since 2026-03-01 --format csv > feedback.csv\n  npm run --silent flows -- completions --tenant acme --format json > acme.json',
    )
    .action(
      action(async (options: CompletionsOptions) => {
        const format = parseFlag(z.enum(['csv', 'json']), options.format, '--format');
        const filter = parseRecordFilter(options);
        const tenant = parseTenantFlag(options.tenant);
        if (tenant !== undefined && options.unassigned) {
          throw new UsageError('--tenant and --unassigned: give one of them');
        }
        const records = await withRecordsOf(tenant, (store) =>
          (options.unassigned ? unassignedRecords(store) : createWebhookRecords(store)).completions(
            filter.since,
          ),
        );
        const playground = options.includePlayground === true;
        const chosen = records.filter(
          (record) => matchesFilter(record, filter) && (playground || !record.playground),
        );
        console.log(
          format === 'json'
            ? JSON.stringify(chosen, null, 2)
            : completionsCsv(chosen, { playground }),
        );
      }),
    );
}

import { Command } from 'commander';
import { z } from 'zod';
import { unassignedRecords } from '../webhooks/delivery-lane';
import { createWebhookRecords, type FlowEventRecord } from '../webhooks/webhook-records';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { parseTenantFlag } from './tenant-flag';
import { TENANT_RECORDS_OPTION, withRecordsOf } from './tenant-records';
import { UsageError } from './usage-error';
import { matchesFilter, parseRecordFilter } from './webhook-filters';

/** One line a person reads: when, which flow, what, and the numbers that matter. */
export function describeEvent(event: FlowEventRecord): string {
  const { receivedAt, flow, flowId, alert } = event;
  const parts = [
    receivedAt,
    flow ?? `flow ${flowId}`,
    alert.event,
    alert.alert_state,
    alert.new_status && `${alert.old_status ?? '(new)'} -> ${alert.new_status}`,
    alert.p90_latency !== undefined && `p90 ${alert.p90_latency} ms`,
    alert.p50_latency !== undefined && `p50 ${alert.p50_latency} ms`,
    alert.error_rate !== undefined && `error rate ${alert.error_rate} %`,
    alert.availability !== undefined && `availability ${alert.availability} %`,
    alert.threshold !== undefined && `threshold ${alert.threshold}`,
    alert.errors?.length && `errors ${alert.errors.map((error) => error.error_type).join(', ')}`,
    alert.warning,
    event.reason,
  ];
  return parts.filter((part) => typeof part === 'string' && part !== '').join('  ');
}

interface EventsOptions {
  flow?: string;
  since?: string;
  format: string;
  unassigned?: boolean;
  tenant?: string;
}

/** `flows events [--flow F] [--since DATE] [--format text|json]`: Meta's Flow events, oldest first. */
export function eventsCommand(): Command {
  return new Command('events')
    .description("list Meta's Flow events (status changes, alerts) received by the webhook")
    .option('--flow <name>', 'only this flow (local name or Meta Flow id)')
    .option('--since <date>', 'only those received at or after this date')
    .option('--format <format>', 'text or json', 'text')
    .option('--unassigned', 'instead, those no tenant claimed (partner mode), with the reason')
    .option(...TENANT_RECORDS_OPTION)
    .addHelpText(
      'after',
      '\nExample:\n  npm run flows -- events --flow book-appointment --since 2026-03-01',
    )
    .action(
      action(async (options: EventsOptions) => {
        const format = parseFlag(z.enum(['text', 'json']), options.format, '--format');
        const filter = parseRecordFilter(options);
        const tenant = parseTenantFlag(options.tenant);
        if (tenant !== undefined && options.unassigned) {
          throw new UsageError('--tenant and --unassigned: give one of them');
        }
        const events = (
          await withRecordsOf(tenant, (store) =>
            (options.unassigned ? unassignedRecords(store) : createWebhookRecords(store)).events(
              filter.since,
            ),
          )
        ).filter((event) => matchesFilter(event, filter));
        if (format === 'json') console.log(JSON.stringify(events, null, 2));
        else if (events.length === 0) console.log('no Flow events');
        else for (const event of events) console.log(describeEvent(event));
      }),
    );
}

import { Command, Option } from 'commander';
import pino from 'pino';
import { z } from 'zod';
import { createLogger } from '../logging/create-logger';
import type { FlowCommand } from '../project/flow-module';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { parseTenantFlag } from './tenant-flag';
import { TENANT_RECORDS_OPTION, withRecordsOf } from './tenant-records';

/** camelCase of an option's long name, as commander keys it: `--max-rows` is `maxRows`. */
const keyOf = (flags: string) =>
  (/--([a-z0-9-]+)/i.exec(flags)?.[1] ?? flags).replace(/-([a-z])/g, (_, c: string) =>
    c.toUpperCase(),
  );

/**
 * A command a flow contributes, as the command line runs it: its options checked (a value not
 * among the choices is one line, exit 2), the store STORE_URL names opened (it must exist), and
 * what it returns printed on stdout. Every one takes `--tenant <id>`: it then sees that tenant's
 * part of the store only, as the flow's handlers did when serving it.
 */
export function flowCommand(command: FlowCommand): Command {
  const cli = new Command(command.name).description(command.description);
  for (const option of command.options ?? []) {
    const added = new Option(option.flags, option.description);
    cli.addOption(option.default === undefined ? added : added.default(option.default));
  }
  const ownTenant = (command.options ?? []).some((option) => keyOf(option.flags) === 'tenant');
  if (!ownTenant) cli.option(...TENANT_RECORDS_OPTION);
  if (command.example) cli.addHelpText('after', `\nExample:\n  ${command.example}`);
  return cli.action(
    action(async (given: Record<string, string | undefined>) => {
      const options: Record<string, string | undefined> = { ...given };
      for (const option of command.options ?? []) {
        const key = keyOf(option.flags);
        const value = options[key];
        if (option.choices && value !== undefined) {
          const [first, ...rest] = option.choices;
          if (first === undefined) continue;
          options[key] = parseFlag(
            z.enum([first, ...rest]),
            value,
            option.flags.split(' ')[0] ?? key,
          );
        }
      }
      // Warnings go to stderr: stdout stays the command's output.
      const log = createLogger('warn', pino.destination(2));
      const tenant = ownTenant ? undefined : parseTenantFlag(options.tenant);
      const output = await withRecordsOf(tenant, (store) =>
        Promise.resolve(command.run({ options, store, log, tenant })),
      );
      console.log(output);
    }),
  );
}

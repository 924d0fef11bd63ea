import { Command } from 'commander';
import { z } from 'zod';
import { flowJsonPathOf } from '../project/project-paths';
import type { RemoteFlow } from '../whatsapp-api/api-schemas';
import {
  DEFAULT_LOCK_FILE,
  lockedAccount,
  readFlowsLock,
  writeFlowsLock,
} from '../whatsapp-api/flows-lock';
import { validationErrorLines } from '../whatsapp-api/validation-error-lines';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { parseFlag } from './parse-flag';
import { resolveFlowId } from './resolve-flow-id';
import { table } from './text-table';
import { withTenantDirectory } from './open-tenant-directory';
import { whatsAppApiFor, type OpenDirectory } from './tenant-api';
import { apiAction, LOCK_FILE_OPTION, whatsAppApiFromEnv } from './whatsapp-cli';

interface LockOption {
  lockFile: string;
  tenant?: string;
}

const TENANT_OPTION = ['--tenant <id>', "a tenant's account, with its credentials"] as const;

function describeFlow(flow: RemoteFlow): string[] {
  return [
    `id: ${flow.id}`,
    `name: ${flow.name ?? ''}`,
    `status: ${flow.status ?? ''}`,
    `categories: ${(flow.categories ?? []).join(', ')}`,
    ...(flow.json_version ? [`json_version: ${flow.json_version}`] : []),
    ...(flow.endpoint_uri ? [`endpoint_uri: ${flow.endpoint_uri}`] : []),
    `validation errors: ${flow.validation_errors?.length ?? 0}`,
  ];
}

/** One subcommand that addresses a Flow by local name or remote id. */
function flowCommand(
  openDirectory: OpenDirectory,
  name: string,
  description: string,
  example: string,
  run: (api: WhatsAppApi, id: string, ref: string, options: LockOption) => Promise<number | void>,
): Command {
  return new Command(name)
    .description(description)
    .argument('<flow>', 'a local flow name (via flows.lock.json or by name) or a remote Flow id')
    .option(...LOCK_FILE_OPTION, DEFAULT_LOCK_FILE)
    .option(...TENANT_OPTION)
    .addHelpText('after', `\nExample:\n  ${example}`)
    .action(
      apiAction(async (ref: string, options: LockOption) => {
        const api = await whatsAppApiFor(options.tenant, ['flows'], openDirectory);
        const id = await resolveFlowId(api, readFlowsLock(options.lockFile), ref);
        return run(api, id, ref, options);
      }),
    );
}

const listCommand = (openDirectory: OpenDirectory) =>
  new Command('list')
    .description('the Flows of this WABA as a table')
    .option(...TENANT_OPTION)
    .addHelpText('after', '\nExample:\n  npm run flows -- remote list --tenant acme-dental')
    .action(
      apiAction(async (options: { tenant?: string }) => {
        const api = await whatsAppApiFor(options.tenant, ['flows'], openDirectory);
        const flows = await api.listFlows();
        if (flows.length === 0) {
          console.log('no Flows');
          return 0;
        }
        console.log(
          table([
            ['NAME', 'ID', 'STATUS', 'CATEGORIES', 'ERRORS'],
            ...flows.map((flow) => [
              flow.name ?? '',
              flow.id,
              flow.status ?? '',
              (flow.categories ?? []).join(','),
              String(flow.validation_errors?.length ?? 0),
            ]),
          ]),
        );
        return 0;
      }),
    );

const getCommand = (openDirectory: OpenDirectory) =>
  flowCommand(
    openDirectory,
    'get',
    "a Flow's details and validation errors",
    'npm run flows -- remote get book-appointment',
    async (api, id, ref) => {
      const flow = await api.getFlow(id);
      for (const line of describeFlow(flow)) console.log(line);
      const file = /^\d+$/.test(ref) ? `flow ${id}` : flowJsonPathOf(ref);
      for (const line of validationErrorLines(file, flow.validation_errors ?? []))
        console.log(line);
    },
  );

const assetsCommand = (openDirectory: OpenDirectory) =>
  flowCommand(
    openDirectory,
    'assets',
    "a Flow's assets (its flow.json) with download URLs",
    'npm run flows -- remote assets book-appointment',
    async (api, id) => {
      const assets = await api.listAssets(id);
      console.log(
        table([
          ['NAME', 'TYPE', 'DOWNLOAD URL'],
          ...assets.map((asset) => [
            asset.name ?? '',
            asset.asset_type ?? '',
            asset.download_url ?? '',
          ]),
        ]),
      );
    },
  );

const previewCommand = (openDirectory: OpenDirectory) =>
  flowCommand(
    openDirectory,
    'preview',
    "a Flow's preview URL (--invalidate: a new one, the old stops working)",
    'npm run flows -- remote preview book-appointment --invalidate',
    async (api, id, _ref, options) => {
      const invalidate = (options as LockOption & { invalidate?: boolean }).invalidate === true;
      const preview = await api.preview(id, { invalidate });
      console.log(preview.url);
      if (preview.expiresAt) console.log(`expires ${preview.expiresAt}`);
    },
  ).option('--invalidate', 'invalidate the current preview URL and make a new one');

const simple = (
  openDirectory: OpenDirectory,
  name: 'publish' | 'deprecate',
  description: string,
  done: string,
): Command =>
  flowCommand(
    openDirectory,
    name,
    description,
    `npm run flows -- remote ${name} book-appointment`,
    async (api, id) => {
      await api[name](id);
      console.log(`${done} Flow ${id}`);
    },
  );

const deleteCommand = (openDirectory: OpenDirectory) =>
  flowCommand(
    openDirectory,
    'delete',
    'delete a draft Flow (published ones can only be deprecated)',
    'npm run flows -- remote delete book-appointment',
    async (api, id, _ref, options) => {
      await api.deleteFlow(id);
      const lock = readFlowsLock(options.lockFile);
      const flows = lockedAccount(lock, api.account).flows;
      const names = Object.keys(flows).filter((name) => flows[name]?.id === id);
      for (const name of names) delete flows[name];
      if (names.length > 0) writeFlowsLock(options.lockFile, lock);
      console.log(`Deleted Flow ${id}`);
    },
  );

const NAMES = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string())
      .min(1, 'list at least one flow name')
      .max(100, 'at most 100 Flows per migration'),
  );

const migrateCommand = () =>
  new Command('migrate')
    .description('copy Flows from another WABA of the same business into this one')
    .requiredOption('--from <waba>', 'the source WABA id (360dialog: its WABA-account id)')
    .option('--names <a,b>', 'only these Flows (by name); all when left out')
    .addHelpText(
      'after',
      '\nExample:\n  npm run flows -- remote migrate --from 104996178956754 --names book-appointment',
    )
    .action(
      apiAction(async (options: { from: string; names?: string }) => {
        const from = parseFlag(
          z.string().regex(/^[\w-]+$/, 'must be a WABA id'),
          options.from,
          '--from',
        );
        const names =
          options.names === undefined ? undefined : parseFlag(NAMES, options.names, '--names');
        const result = await whatsAppApiFromEnv(['flows']).migrateFlows(from, names);
        for (const flow of result.migrated) {
          console.log(
            `migrated ${flow.source_name}: ${flow.source_id ?? '?'} → ${flow.migrated_id}`,
          );
        }
        for (const flow of result.failed) {
          console.log(
            `failed ${flow.source_name}: ${flow.error_message ?? 'no reason given'}${
              flow.error_code ? ` (code ${flow.error_code})` : ''
            }`,
          );
        }
        if (result.migrated.length === 0 && result.failed.length === 0)
          console.log('nothing migrated');
        return result.failed.length > 0 ? 1 : 0;
      }),
    );

/** `flows remote <operation>`: the Flow operations deploy does not do by itself. */
export function remoteCommand(openDirectory: OpenDirectory = withTenantDirectory): Command {
  return new Command('remote')
    .description(
      'Flows at the provider: list, get, assets, preview, publish, deprecate, delete, migrate',
    )
    .addHelpText('after', '\nExample:\n  npm run flows -- remote list')
    .addCommand(listCommand(openDirectory))
    .addCommand(getCommand(openDirectory))
    .addCommand(assetsCommand(openDirectory))
    .addCommand(previewCommand(openDirectory))
    .addCommand(
      simple(
        openDirectory,
        'publish',
        'publish a Flow (it must have no validation errors)',
        'Published',
      ),
    )
    .addCommand(
      simple(
        openDirectory,
        'deprecate',
        'deprecate a published Flow (cannot be undone)',
        'Deprecated',
      ),
    )
    .addCommand(deleteCommand(openDirectory))
    .addCommand(migrateCommand());
}

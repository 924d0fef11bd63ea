import { Command } from 'commander';
import { z } from 'zod';
import type { RemoteFlow } from '../whatsapp-api/api-schemas';
import {
  contentHash,
  DEFAULT_LOCK_FILE,
  type FlowsLock,
  lockedAccount,
  readFlowsLock,
  writeFlowsLock,
} from '../whatsapp-api/flows-lock';
import { validationErrorLines } from '../whatsapp-api/validation-error-lines';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { WhatsAppApiError } from '../whatsapp-api/whatsapp-api-error';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { createWhatsAppApi } from '../whatsapp-api/create-whatsapp-api';
import { whatsAppApiConfigPart } from '../whatsapp-api/whatsapp-api-config';
import { loadCommandEnv } from './load-command-env';
import { readLocalFlow, type LocalFlow } from './local-flow';
import { withTenantDirectory } from './open-tenant-directory';
import type { OpenDirectory } from './tenant-api';
import { tenantApiConfig } from './tenant-api-config';
import { parseFlag } from './parse-flag';
import { UsageError } from './usage-error';
import { apiAction, LOCK_FILE_OPTION, whatsAppApiFromEnv } from './whatsapp-cli';

const PUBLIC_URL = z
  .url({ protocol: /^https?$/, error: 'must be the https URL WhatsApp reaches this server at' })
  .transform((url) => url.replace(/\/+$/, ''));

interface DeployOptions {
  publish?: boolean;
  force?: boolean;
  lockFile: string;
  tenant?: string;
  allTenants?: boolean;
}

/** Tenants deployed at once with --all-tenants: the providers' rate limits are per app. */
const TENANTS_AT_ONCE = 4;

/**
 * WhatsApp reaches the flow at PUBLIC_URL + /flows/<name> (a tenant's at /t/<id>/flows/<name>);
 * needed only when it uses the endpoint.
 */
function endpointUriOf(flow: LocalFlow, tenant?: string): string | undefined {
  if (!flow.usesEndpoint) return undefined;
  const value = process.env.PUBLIC_URL;
  if (value === undefined || value === '') {
    throw new UsageError(
      `PUBLIC_URL is not set: ${flow.name} uses the endpoint, so WhatsApp needs PUBLIC_URL/flows/${flow.name} (e.g. PUBLIC_URL=https://flows.example.com)`,
    );
  }
  const base = parseFlag(PUBLIC_URL, value, 'PUBLIC_URL');
  return tenant === undefined
    ? `${base}/flows/${flow.name}`
    : `${base}/t/${tenant}/flows/${flow.name}`;
}

/** The remote Flow: by the recorded id when it still exists, else by name. */
async function findRemote(
  api: WhatsAppApi,
  name: string,
  lockedId: string | undefined,
): Promise<RemoteFlow | undefined> {
  if (lockedId !== undefined) {
    try {
      return await api.getFlow(lockedId);
    } catch (err) {
      // A Flow deleted at the provider: look for it by name, then create it again. Meta answers
      // an unknown id with 400 and code 100, 360dialog with 404.
      const gone =
        err instanceof WhatsAppApiError &&
        (err.status === 404 || (err.status === 400 && String(err.code) === '100'));
      if (!gone) throw err;
    }
  }
  return (await api.listFlows()).find((flow) => flow.name === name);
}

/** `flows deploy <flow> [--publish] [--force]`: idempotent, for people and CI alike. */
export function deployCommand(openDirectory: OpenDirectory = withTenantDirectory): Command {
  return new Command('deploy')
    .description('create or update a Flow at the provider from flows/<flow>/flow.json')
    .argument('<flow>', 'the local flow name (its folder under flows/)')
    .option('--publish', 'publish the Flow when it has no validation errors')
    .option('--force', 'upload flow.json even when it did not change')
    .option(...LOCK_FILE_OPTION, DEFAULT_LOCK_FILE)
    .option(
      '--tenant <id>',
      "at this tenant's account, its endpoint PUBLIC_URL/t/<id>/flows/<flow>",
    )
    .option(
      '--all-tenants',
      `at every tenant's account, ${TENANTS_AT_ONCE} at a time, with a summary`,
    )
    .addHelpText(
      'after',
      `
Needs the provider's variables (WHATSAPP_PROVIDER, D360_* or GRAPH_*/WABA_ID, …) and PUBLIC_URL
for flows that use the endpoint. Ids and content hashes are kept in flows.lock.json: commit it.

Example:
  npm run flows -- deploy book-appointment --publish
  (with PUBLIC_URL=https://flows.example.com in .env or the environment)`,
    )
    .action(
      apiAction(async (name: string, options: DeployOptions) => {
        const local = readLocalFlow(name);
        if ('code' in local) {
          console.error(`${name}: flow.json has problems; nothing deployed`);
          return local.code;
        }
        if (options.tenant !== undefined || options.allTenants) {
          return openDirectory((directory) => deployTenants(local.flow, options, directory));
        }
        const flow = local.flow;
        const endpointUri = endpointUriOf(flow);
        const api = whatsAppApiFromEnv(['flows']);
        const lock = readFlowsLock(options.lockFile);
        return (await deployFlow({ flow, api, endpointUri, lock, options, say })).code;
      }),
    );
}

interface Say {
  out(line: string): void;
  err(line: string): void;
}
const say: Say = { out: (line) => console.log(line), err: (line) => console.error(line) };

interface DeployRun {
  flow: LocalFlow;
  api: WhatsAppApi;
  endpointUri: string | undefined;
  /** Shared by every deploy of a run: each writes its own account's entries, one at a time. */
  lock: FlowsLock;
  options: DeployOptions;
  say: Say;
}

/** One Flow at one account: found or created, uploaded when changed, published when asked. */
async function deployFlow({
  flow,
  api,
  endpointUri,
  lock,
  options,
  say,
}: DeployRun): Promise<{ code: number; uploaded: boolean }> {
  const account = lockedAccount(lock, api.account);
  const locked = account.flows[flow.name];
  say.out(`${flow.file}: valid`);

  say.out(`Looking for Flow "${flow.name}" at ${api.provider} (${api.account})…`);
  let remote = await findRemote(api, flow.name, locked?.id);
  let id: string;
  if (remote) {
    id = remote.id;
    say.out(`Found Flow ${id} (${remote.status ?? 'status unknown'})`);
    if (endpointUri && remote.endpoint_uri !== undefined && remote.endpoint_uri !== endpointUri) {
      say.out(`Updating its endpoint_uri to ${endpointUri}…`);
      try {
        await api.updateFlowMetadata(id, { endpointUri });
      } catch (err) {
        // 360dialog documents no metadata update: say what to change by hand, deploy the rest.
        if (!(err instanceof WhatsAppApiError) || err.failure !== 'unsupported') throw err;
        say.err(`warning: ${err.message} (endpoint_uri is ${remote.endpoint_uri})`);
      }
    }
  } else {
    say.out(`Creating Flow "${flow.name}" (${flow.categories.join(', ')})…`);
    ({ id } = await api.createFlow({
      name: flow.name,
      categories: flow.categories,
      endpointUri,
    }));
    say.out(`Created Flow ${id}`);
  }
  const sameFlow = locked?.id === id;
  account.flows[flow.name] = { id, ...(sameFlow && { jsonHash: locked.jsonHash }) };
  writeFlowsLock(options.lockFile, lock);

  const hash = contentHash(flow.text);
  let uploaded = false;
  if (!options.force && sameFlow && locked.jsonHash === hash) {
    say.out('flow.json unchanged since the last upload: nothing uploaded');
    const remaining = remote?.validation_errors ?? [];
    if (remaining.length > 0) {
      for (const line of validationErrorLines(flow.file, remaining)) say.out(line);
      say.err(`Flow ${id} has ${remaining.length} validation error(s)`);
      return { code: 1, uploaded: false };
    }
  } else {
    say.out(`Uploading ${flow.file}…`);
    const { validationErrors } = await api.uploadFlowJson(id, flow.text);
    uploaded = true;
    if (validationErrors.length > 0) {
      for (const line of validationErrorLines(flow.file, validationErrors)) say.out(line);
      say.err(
        `Meta found ${validationErrors.length} validation error(s) in ${flow.file}; not published`,
      );
      return { code: 1, uploaded: false };
    }
    account.flows[flow.name] = { id, jsonHash: hash };
    writeFlowsLock(options.lockFile, lock);
    say.out('Uploaded: no validation errors');
    remote = undefined;
  }

  const preview = await api.preview(id);
  say.out(`Preview: ${preview.url}`);

  if (options.publish) {
    if (!uploaded && remote?.status === 'PUBLISHED') {
      say.out(`Flow ${id} is already published`);
    } else {
      say.out(`Publishing Flow ${id}…`);
      await api.publish(id);
      say.out(`Published Flow ${id}`);
    }
  }
  return { code: 0, uploaded };
}

/**
 * The flow at each tenant's account, a few at once, each line prefixed with the tenant; then a
 * table. Up-to-date tenants upload nothing; a failure leaves the others done and exits 1.
 */
async function deployTenants(
  flow: LocalFlow,
  options: DeployOptions,
  directory: TenantDirectory,
): Promise<number> {
  if (options.tenant !== undefined && options.allTenants) {
    throw new UsageError('--tenant and --all-tenants: give one of them');
  }
  const { api: vars } = loadCommandEnv({ api: whatsAppApiConfigPart });
  const tenants =
    options.tenant === undefined
      ? (await directory.list()).filter((tenant) => tenant.flows.includes(flow.name))
      : [await directory.find(options.tenant)];
  const [missing] = tenants.filter((tenant) => tenant === undefined);
  if (missing === undefined && tenants.length === 0) {
    console.log(`no tenant uses ${flow.name}`);
    return 0;
  }
  if (tenants.some((tenant) => tenant === undefined)) {
    throw new UsageError(`--tenant: no tenant ${options.tenant ?? ''}`);
  }
  const lock = readFlowsLock(options.lockFile);
  const rows: string[][] = [];
  const queue = tenants.filter((tenant) => tenant !== undefined);
  const total = queue.length;
  let done = 0;
  async function work(): Promise<void> {
    for (let tenant = queue.shift(); tenant; tenant = queue.shift()) {
      const id = tenant.id;
      const prefixed: Say = {
        out: (line) => console.log(`${id}: ${line}`),
        err: (line) => console.error(`${id}: ${line}`),
      };
      let result: string;
      try {
        const secrets = (await directory.secrets(id)) ?? {};
        const api = createWhatsAppApi(tenantApiConfig(tenant, secrets, vars));
        const endpointUri = endpointUriOf(flow, id);
        const run = await deployFlow({ flow, api, endpointUri, lock, options, say: prefixed });
        result = run.code !== 0 ? 'failed' : run.uploaded ? 'deployed' : 'up to date';
      } catch (err) {
        if (!(err instanceof WhatsAppApiError || err instanceof UsageError)) throw err;
        prefixed.err(err.message);
        result = 'failed';
      }
      done += 1;
      console.error(`[${done}/${total}] ${id}: ${result}`);
      rows.push([id, tenant.provider, result]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(TENANTS_AT_ONCE, total) }, work));
  writeFlowsLock(options.lockFile, lock);
  rows.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  const width = Math.max(6, ...rows.map((row) => row[0]?.length ?? 0));
  console.log('');
  console.log(`${'TENANT'.padEnd(width)}  ${'PROVIDER'.padEnd(9)}  RESULT`);
  for (const [id, provider, result] of rows) {
    console.log(`${(id ?? '').padEnd(width)}  ${(provider ?? '').padEnd(9)}  ${result ?? ''}`);
  }
  const failed = rows.filter((row) => row[2] === 'failed').length;
  console.log(`${rows.length - failed} done, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

import { Command } from 'commander';
import { z } from 'zod';
import type { RemoteFlow } from '../whatsapp-api/api-schemas';
import {
  contentHash,
  DEFAULT_LOCK_FILE,
  lockedAccount,
  readFlowsLock,
  writeFlowsLock,
} from '../whatsapp-api/flows-lock';
import { validationErrorLines } from '../whatsapp-api/validation-error-lines';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { WhatsAppApiError } from '../whatsapp-api/whatsapp-api-error';
import { readLocalFlow, type LocalFlow } from './local-flow';
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
}

/** WhatsApp reaches the flow at PUBLIC_URL + /flows/<name>; needed only when it uses the endpoint. */
function endpointUriOf(flow: LocalFlow): string | undefined {
  if (!flow.usesEndpoint) return undefined;
  const value = process.env.PUBLIC_URL;
  if (value === undefined || value === '') {
    throw new UsageError(
      `PUBLIC_URL is not set: ${flow.name} uses the endpoint, so WhatsApp needs PUBLIC_URL/flows/${flow.name} (e.g. PUBLIC_URL=https://flows.example.com)`,
    );
  }
  return `${parseFlag(PUBLIC_URL, value, 'PUBLIC_URL')}/flows/${flow.name}`;
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
export function deployCommand(): Command {
  return new Command('deploy')
    .description('create or update a Flow at the provider from flows/<flow>/flow.json')
    .argument('<flow>', 'the local flow name (its folder under flows/)')
    .option('--publish', 'publish the Flow when it has no validation errors')
    .option('--force', 'upload flow.json even when it did not change')
    .option(...LOCK_FILE_OPTION, DEFAULT_LOCK_FILE)
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
        const flow = local.flow;
        const endpointUri = endpointUriOf(flow);
        const api = whatsAppApiFromEnv(['flows']);
        const lock = readFlowsLock(options.lockFile);
        const account = lockedAccount(lock, api.account);
        const locked = account.flows[flow.name];
        console.log(`${flow.file}: valid`);

        console.log(`Looking for Flow "${flow.name}" at ${api.provider} (${api.account})…`);
        let remote = await findRemote(api, flow.name, locked?.id);
        let id: string;
        if (remote) {
          id = remote.id;
          console.log(`Found Flow ${id} (${remote.status ?? 'status unknown'})`);
          if (
            endpointUri &&
            remote.endpoint_uri !== undefined &&
            remote.endpoint_uri !== endpointUri
          ) {
            console.log(`Updating its endpoint_uri to ${endpointUri}…`);
            try {
              await api.updateFlowMetadata(id, { endpointUri });
            } catch (err) {
              // 360dialog documents no metadata update: say what to change by hand, deploy the rest.
              if (!(err instanceof WhatsAppApiError) || err.failure !== 'unsupported') throw err;
              console.error(`warning: ${err.message} (endpoint_uri is ${remote.endpoint_uri})`);
            }
          }
        } else {
          console.log(`Creating Flow "${flow.name}" (${flow.categories.join(', ')})…`);
          ({ id } = await api.createFlow({
            name: flow.name,
            categories: flow.categories,
            endpointUri,
          }));
          console.log(`Created Flow ${id}`);
        }
        const sameFlow = locked?.id === id;
        account.flows[flow.name] = { id, ...(sameFlow && { jsonHash: locked.jsonHash }) };
        writeFlowsLock(options.lockFile, lock);

        const hash = contentHash(flow.text);
        let uploaded = false;
        if (!options.force && sameFlow && locked.jsonHash === hash) {
          console.log('flow.json unchanged since the last upload: nothing uploaded');
          const remaining = remote?.validation_errors ?? [];
          if (remaining.length > 0) {
            for (const line of validationErrorLines(flow.file, remaining)) console.log(line);
            console.error(`Flow ${id} has ${remaining.length} validation error(s)`);
            return 1;
          }
        } else {
          console.log(`Uploading ${flow.file}…`);
          const { validationErrors } = await api.uploadFlowJson(id, flow.text);
          uploaded = true;
          if (validationErrors.length > 0) {
            for (const line of validationErrorLines(flow.file, validationErrors)) console.log(line);
            console.error(
              `Meta found ${validationErrors.length} validation error(s) in ${flow.file}; not published`,
            );
            return 1;
          }
          account.flows[flow.name] = { id, jsonHash: hash };
          writeFlowsLock(options.lockFile, lock);
          console.log('Uploaded: no validation errors');
          remote = undefined;
        }

        const preview = await api.preview(id);
        console.log(`Preview: ${preview.url}`);

        if (options.publish) {
          if (!uploaded && remote?.status === 'PUBLISHED') {
            console.log(`Flow ${id} is already published`);
          } else {
            console.log(`Publishing Flow ${id}…`);
            await api.publish(id);
            console.log(`Published Flow ${id}`);
          }
        }
        return 0;
      }),
    );
}

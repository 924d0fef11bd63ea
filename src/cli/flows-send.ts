import { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { DEFAULT_LOCK_FILE, readFlowsLock } from '../whatsapp-api/flows-lock';
import { flowMessageText, flowMessageTextSchema } from '../whatsapp-api/flow-message';
import { phoneNumberSchema } from '../whatsapp-api/phone-number';
import { sendFlow } from '../whatsapp-api/send-flow';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { D360_REQUIRED } from '../whatsapp-api/whatsapp-api-config';
import { flowOpening } from './flow-opening';
import { parseTtlFlag, TOKEN_STORE_ENV } from './flows-token';
import { loadCommandEnv } from './load-command-env';
import { readLocalFlow } from './local-flow';
import { withTenantDirectory } from './open-tenant-directory';
import { parseFlag } from './parse-flag';
import { resolveFlowId } from './resolve-flow-id';
import { whatsAppApiFor, type OpenDirectory } from './tenant-api';
import { parseTenantFlag } from './tenant-flag';
import { UsageError } from './usage-error';
import { withTokenStore } from './with-token-store';
import { apiAction, LOCK_FILE_OPTION, parseDataFlag } from './whatsapp-cli';

interface SendOptions {
  to: string;
  cta?: string;
  body?: string;
  header?: string;
  footer?: string;
  draft?: boolean;
  screen?: string;
  data?: string;
  ttl?: string;
  flowId?: string;
  lockFile: string;
  tenant?: string;
}

const FLOW_ID = z.string().regex(/^\d+$/, { error: "must be the Flow's numeric id" });

/** `flows send <flow> --to <phone>`: the Flow as an interactive message; prints the message id. */
export function sendCommand(openDirectory: OpenDirectory = withTenantDirectory): Command {
  return new Command('send')
    .description('send a Flow to a customer with a fresh flow token; prints the message id')
    .argument('<flow>', 'the local flow name (deployed: its id is in flows.lock.json)')
    .requiredOption('--to <phone>', "the customer's number in international format")
    .option('--cta <text>', "the button text (at most 30 characters; default: the flow's own)")
    .option('--body <text>', "the message text (default: the flow's own)")
    .option('--header <text>', "a header line (default: the flow's own)")
    .option('--footer <text>', "a footer line (default: the flow's own)")
    .option('--draft', "send the Flow's draft (before it is published)")
    .option('--screen <screen>', 'open this screen instead of asking the endpoint (INIT)')
    .option('--data <json>', "the opening screen's data, as it declares it in flow.json")
    .option('--ttl <seconds>', 'how long the flow token is valid (default one day)')
    .option(
      '--flow-id <id>',
      "the Flow's id at the provider: sent as is, without looking it up (then only the messaging credentials are needed)",
    )
    .option(...LOCK_FILE_OPTION, DEFAULT_LOCK_FILE)
    .option(
      '--tenant <id>',
      "through this tenant's credentials, with a token for its URL only (partner mode)",
    )
    .addHelpText(
      'after',
      `
The message id is the last line printed; the flow token is recorded against it in STORE_URL
(with --tenant, among that tenant's records).

Examples:
  npm run flows -- send book-appointment --to +447700900123 --cta "Book now" --body "Pick a time"
  npm run flows -- send book-appointment --to +447700900123 --flow-id 1234567890123456
  npm run flows -- send book-appointment --tenant acme --to +447700900123`,
    )
    .action(
      apiAction(async (name: string, options: SendOptions) => {
        const to = parseFlag(phoneNumberSchema, options.to, '--to');
        const tenant = parseTenantFlag(options.tenant);
        const ttlSeconds = parseTtlFlag(options.ttl);
        const local = readLocalFlow(name);
        if ('code' in local) return local.code;
        // The flow's own message, unless a flag says otherwise.
        const message = flowMessageText(local.flow.definition?.message, options);
        const fields = flowMessageTextSchema.shape;
        const text = {
          cta: parseFlag(fields.cta, message.cta, '--cta'),
          body: parseFlag(fields.body, message.body, '--body'),
          header: parseFlag(fields.header, message.header, '--header'),
          footer: parseFlag(fields.footer, message.footer, '--footer'),
        };
        const opening = flowOpening(local.flow, options.screen, parseDataFlag(options.data));

        const givenId =
          options.flowId === undefined
            ? undefined
            : parseFlag(FLOW_ID, options.flowId, '--flow-id');
        const api = await whatsAppApiFor(tenant, ['messaging'], openDirectory, local.flow.name);
        const env = loadCommandEnv(TOKEN_STORE_ENV);
        const flowId = givenId ?? (await lookUpFlowId(api, options.lockFile, local.flow.name));
        await withTokenStore(env, tenant, async ({ store, tokenSecret }) => {
          console.error(`Sending Flow ${flowId} (${opening.action}) through ${api.provider}…`);
          const sent = await sendFlow({
            api,
            store,
            tokenSecret,
            flow: local.flow.name,
            flowId,
            to,
            tenant,
            ...text,
            opening,
            draft: options.draft,
            ttlSeconds,
          });
          // Printed before the store closes: the message is out whatever closing does.
          console.log(sent.messageId);
        });
        return 0;
      }),
    );
}

/** The Flow's id from the lock file or the provider; a lookup that cannot be made names --flow-id. */
async function lookUpFlowId(api: WhatsAppApi, lockFile: string, name: string): Promise<string> {
  try {
    return await resolveFlowId(api, readFlowsLock(lockFile), name);
  } catch (err) {
    if (!(err instanceof ConfigError) || api.provider !== '360dialog') throw err;
    throw new UsageError(
      `finding the Flow's id needs 360dialog's Partner API: set ${D360_REQUIRED.flows.join(', ')} in the environment or .env, or give the id with --flow-id`,
    );
  }
}

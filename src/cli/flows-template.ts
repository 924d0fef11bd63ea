import { Command } from 'commander';
import { checkOpeningData, entryScreens } from '../whatsapp-api/check-opening-data';
import {
  DEFAULT_LOCK_FILE,
  lockedAccount,
  readFlowsLock,
  writeFlowsLock,
} from '../whatsapp-api/flows-lock';
import { phoneNumberSchema } from '../whatsapp-api/phone-number';
import { sendFlowTemplate } from '../whatsapp-api/send-flow';
import { flowTemplate, flowTemplateTextSchema } from '../whatsapp-api/template-message';
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

interface CreateOptions {
  name: string;
  language: string;
  category: string;
  body: string;
  button: string;
  screen?: string;
  lockFile: string;
  tenant?: string;
}

const TENANT_OPTION = [
  '--tenant <id>',
  "at this tenant's account, through its credentials (partner mode)",
] as const;

const createCommand = (openDirectory: OpenDirectory) =>
  new Command('create')
    .description('create a message template whose button opens the Flow')
    .argument('<flow>', 'the local flow name (deployed)')
    .requiredOption('--name <name>', 'the template name (lower case, digits, underscores)')
    .requiredOption('--language <code>', 'its language, e.g. en_US')
    .requiredOption('--category <category>', 'AUTHENTICATION, MARKETING or UTILITY')
    .requiredOption('--body <text>', 'the message text')
    .requiredOption('--button <text>', 'the button text (at most 25 characters)')
    .option('--screen <screen>', 'open this screen instead of asking the endpoint (INIT)')
    .option(...LOCK_FILE_OPTION, DEFAULT_LOCK_FILE)
    .option(...TENANT_OPTION)
    .addHelpText(
      'after',
      `
Example:
  npm run flows -- template create book-appointment --name book_visit --language en_US \\
    --category UTILITY --body "Book your next visit" --button "Book now"`,
    )
    .action(
      apiAction(async (name: string, options: CreateOptions) => {
        const fields = flowTemplateTextSchema.shape;
        const text = {
          name: parseFlag(fields.name, options.name, '--name'),
          language: parseFlag(fields.language, options.language, '--language'),
          category: parseFlag(fields.category, options.category, '--category'),
          body: parseFlag(fields.body, options.body, '--body'),
          button: parseFlag(fields.button, options.button, '--button'),
        };
        const local = readLocalFlow(name);
        if ('code' in local) return local.code;
        const opening = flowOpening(local.flow, options.screen, undefined);
        const tenant = parseTenantFlag(options.tenant);
        const api = await whatsAppApiFor(tenant, ['messaging'], openDirectory);
        const lock = readFlowsLock(options.lockFile);
        const flowId = await resolveFlowId(api, lock, local.flow.name);
        console.error(`Creating template "${text.name}" for Flow ${flowId}…`);
        const created = await api.createTemplate(flowTemplate(text, flowId, opening));
        lockedAccount(lock, api.account).templates[text.name] = {
          flow: local.flow.name,
          ...(opening.action === 'navigate' && { screen: opening.screen }),
        };
        writeFlowsLock(options.lockFile, lock);
        console.log(`template ${text.name}: ${created.id} (${created.status ?? 'status unknown'})`);
        return 0;
      }),
    );

interface SendOptions {
  language: string;
  to: string;
  flow?: string;
  data?: string;
  ttl?: string;
  lockFile: string;
  tenant?: string;
}

const sendTemplateCommand = (openDirectory: OpenDirectory) =>
  new Command('send')
    .description('send a Flow template with a fresh flow token; prints the message id')
    .argument('<name>', 'the template name')
    .requiredOption('--language <code>', 'its language, e.g. en_US')
    .requiredOption('--to <phone>', "the customer's number in international format")
    .option('--flow <flow>', 'the local flow it opens (known from `template create` otherwise)')
    .option('--data <json>', "the opening screen's data, as it declares it in flow.json")
    .option('--ttl <seconds>', 'how long the flow token is valid (default one day)')
    .option(...LOCK_FILE_OPTION, DEFAULT_LOCK_FILE)
    .option(...TENANT_OPTION)
    .addHelpText(
      'after',
      '\nExample:\n  npm run flows -- template send book_visit --language en_US --to +447700900123',
    )
    .action(
      apiAction(async (templateArg: string, options: SendOptions) => {
        const template = parseFlag(flowTemplateTextSchema.shape.name, templateArg, '<name>');
        const language = parseFlag(
          flowTemplateTextSchema.shape.language,
          options.language,
          '--language',
        );
        const to = parseFlag(phoneNumberSchema, options.to, '--to');
        const ttlSeconds = parseTtlFlag(options.ttl);
        const data = parseDataFlag(options.data);
        const tenant = parseTenantFlag(options.tenant);
        const api = await whatsAppApiFor(tenant, ['messaging'], openDirectory);
        const locked = readFlowsLock(options.lockFile).accounts[api.account]?.templates[template];
        const flowName = options.flow ?? locked?.flow;
        if (flowName === undefined) {
          throw new UsageError(
            `--flow: which flow does template "${template}" open? (it was not created with "template create" here)`,
          );
        }
        const local = readLocalFlow(flowName);
        if ('code' in local) return local.code;
        if (data !== undefined) {
          const screen =
            (locked?.flow === flowName ? locked.screen : undefined) ??
            entryScreens(local.flow.json)[0] ??
            '';
          const problems = checkOpeningData(local.flow.json, screen, data);
          if (problems.length > 0) {
            throw new UsageError(`--data: ${problems.join('; ')} (see ${local.flow.file})`);
          }
        }
        const env = loadCommandEnv(TOKEN_STORE_ENV);
        await withTokenStore(env, tenant, async ({ store, tokenSecret }) => {
          console.error(`Sending template "${template}" through ${api.provider}…`);
          const sent = await sendFlowTemplate({
            api,
            store,
            tokenSecret,
            flow: local.flow.name,
            template,
            language,
            to,
            tenant,
            data,
            ttlSeconds,
          });
          // Printed before the store closes: the message is out whatever closing does.
          console.log(sent.messageId);
        });
        return 0;
      }),
    );

/** `flows template create|send`: Flows sent as approved templates (outside the 24-hour window). */
export function templateCommand(openDirectory: OpenDirectory = withTenantDirectory): Command {
  return new Command('template')
    .description('message templates with a FLOW button: create, send')
    .addHelpText(
      'after',
      '\nExample:\n  npm run flows -- template send book_visit --language en_US --to +447700900123',
    )
    .addCommand(createCommand(openDirectory))
    .addCommand(sendTemplateCommand(openDirectory));
}

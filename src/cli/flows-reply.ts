import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { appSecretsPart } from '../config/command-parts';
import { postCompletion, type WebhookChannel } from '../device/completion/post-completion';
import { toE164 } from '../tokens/e164';
import { findSentMessage, latestSentMessage } from '../tokens/sent-message';
import { WEBHOOK_PATH } from '../webhooks/create-webhook-router';
import { webhookConfigPart } from '../webhooks/webhook-config';
import { FLOW_NAME } from './flows-token';
import { loadCommandEnv } from './load-command-env';
import { withRecordedStore } from './open-store';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { UsageError } from './usage-error';
import { jsonObjectFlag } from './whatsapp-cli';

interface ReplyOptions {
  webhook: string;
  messageId?: string;
  params?: string;
}

const WEBHOOK_URL = z.url({
  protocol: /^https?$/,
  error: `must be an http(s) URL such as http://127.0.0.1:3000${WEBHOOK_PATH}`,
});

/** `--params '{…}'` or `--params @answers.json`. */
function readParams(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  if (!value.startsWith('@')) return parseFlag(jsonObjectFlag, value, '--params');
  const file = value.slice(1);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--params: cannot read ${file}: ${(err as Error).message}`);
  }
  return parseFlag(jsonObjectFlag, text, `--params: ${file}`);
}

/** Signed as Meta signs (APP_SECRET), else with 360dialog's header (WEBHOOK_SECRET), as the server checks. */
function channelFor(url: string): { channel: WebhookChannel; auth: string } {
  const { appSecrets, webhook } = loadCommandEnv({
    appSecrets: appSecretsPart,
    webhook: webhookConfigPart,
  });
  const appSecret = appSecrets[0];
  if (appSecret !== undefined) {
    return { channel: { url, appSecret }, auth: 'signed with APP_SECRET (X-Hub-Signature-256)' };
  }
  const webhookSecret = webhook.secrets[0];
  if (webhookSecret !== undefined) {
    return { channel: { url, webhookSecret }, auth: 'sent with WEBHOOK_SECRET (X-Webhook-Secret)' };
  }
  return { channel: { url }, auth: 'unsigned: neither APP_SECRET nor WEBHOOK_SECRET is set' };
}

/**
 * `flows reply <flow> --webhook <url>`: the customer's answer to a Flow sent with `send` or
 * `template send`, as WhatsApp delivers it: an `nfm_reply` naming the sent message (`context.id`),
 * from the number it was sent to. The store keeps only a hash of the message's flow token, so the
 * reply is matched by the message it answers, as replies from clients that leave the token out are.
 */
export function replyCommand(): Command {
  return new Command('reply')
    .description("post a customer's answer to a sent Flow to the webhook, as WhatsApp delivers it")
    .argument('<flow>', 'the local flow the message sent')
    .requiredOption(
      '--webhook <url>',
      `this server's ${WEBHOOK_PATH}, e.g. http://127.0.0.1:3000${WEBHOOK_PATH}`,
    )
    .option(
      '--message-id <wamid>',
      'the sent message to answer (default: the latest that sent <flow>)',
    )
    .option('--params <json|@file>', 'what the Flow completes with, as JSON or @file (default {})')
    .addHelpText(
      'after',
      `
Signed with APP_SECRET as Meta signs, else sent with WEBHOOK_SECRET as 360dialog relays; the sent
message is found in STORE_URL's store.

Example:
  npm run flows -- reply feedback --webhook http://127.0.0.1:3000${WEBHOOK_PATH} \\
    --params '{"purchase_rating":"5","delivery_rating":"4","service_rating":"5","recommend":"0_yes"}'`,
    )
    .action(
      action(async (flowArg: string, options: ReplyOptions) => {
        const flow = parseFlag(FLOW_NAME, flowArg, '<flow>');
        const url = parseFlag(WEBHOOK_URL, options.webhook, '--webhook');
        const params = readParams(options.params);
        const { channel, auth } = channelFor(url);
        const answered = await withRecordedStore(async (store) => {
          if (options.messageId === undefined) return latestSentMessage(store, flow);
          const sent = await findSentMessage(store, options.messageId);
          if (sent === undefined || sent.flow !== flow) {
            throw new UsageError(
              `--message-id: no Flow message ${options.messageId} was sent for ${flow} with STORE_URL's store (or its token has expired)`,
            );
          }
          return { messageId: options.messageId, sent };
        });
        if (answered === undefined) {
          throw new UsageError(
            `no ${flow} message was sent with STORE_URL's store: send one first (npm run flows -- send ${flow} --to …)`,
          );
        }
        const customer = toE164(answered.sent.subject);
        const posted = await postCompletion(channel, params, {
          messageId: answered.messageId,
          // The number the Flow was sent to, as WhatsApp gives it (no "+"); else the stand-in.
          ...(customer?.startsWith('+') && { from: customer.slice(1) }),
          origin: 'customer',
        });
        const what = `reply ${posted.messageId} answering ${answered.messageId}`;
        if (posted.problem !== undefined) {
          console.error(`${what}: ${posted.problem}`);
          return 1;
        }
        console.log(`${what}: the webhook took it (${posted.status ?? 200}), ${auth}`);
        return 0;
      }),
    );
}

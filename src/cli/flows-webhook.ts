import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { loadConfigParts } from '../config/config-part';
import { WEBHOOK_PATH } from '../webhooks/create-webhook-router';
import { set360dialogWebhook, subscribeApp } from '../webhooks/register-webhook';
import { webhookConfigPart } from '../webhooks/webhook-config';
import { whatsAppApiConfigPart, type CallPolicy } from '../whatsapp-api/whatsapp-api-config';
import { parseFlag } from './parse-flag';
import { UsageError } from './usage-error';
import { apiAction } from './whatsapp-cli';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { withTenantDirectory } from './open-tenant-directory';
import type { OpenDirectory } from './tenant-api';
import type { ProviderVariables } from '../whatsapp-api/whatsapp-api-config';
import { tenantApiConfig } from './tenant-api-config';

/** 360dialog refuses `_` and `:port` in webhook hosts; Meta wants https. */
const webhookUrlSchema = z.string().superRefine((value, ctx) => {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem('must be an https:// URL');
  }
  if (url.protocol !== 'https:') problem('must be an https:// URL');
  else if (url.port !== '') problem('must not name a port (providers refuse :port)');
  else if (url.hostname.includes('_'))
    problem('must not have "_" in its host name (providers refuse it)');
});

const providerSchema = z.enum(['360dialog', 'cloud'], { error: 'must be 360dialog or cloud' });

const missing = (names: string[]) =>
  new ConfigError([
    `${names.join(', ')} must be set (in the environment or .env) to register the webhook`,
  ]);

/** `flows webhook register --url https://…/webhooks/whatsapp [--provider 360dialog|cloud]` */
export function webhookCommand(openDirectory: OpenDirectory = withTenantDirectory): Command {
  const register = new Command('register')
    .description(
      'point the provider at this server: 360dialog webhook, or the Cloud API app subscription',
    )
    .requiredOption('--url <url>', `the public URL of ${WEBHOOK_PATH} on this server`)
    .option(
      '--provider <provider>',
      '360dialog or cloud (default: WHATSAPP_PROVIDER, else the credentials set)',
    )
    .option(
      '--tenant <id>',
      "a tenant's channel or WABA, with its credentials (360dialog: --url is .../t/<id>/webhooks/whatsapp)",
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npm run flows -- webhook register --url https://flows.example.com/webhooks/whatsapp',
        '  npm run flows -- webhook register --provider cloud --url https://flows.example.com/webhooks/whatsapp',
        '',
        '360dialog needs D360_API_KEY and WEBHOOK_SECRET; the Cloud API WHATSAPP_ACCESS_TOKEN, WABA_ID',
        'and WEBHOOK_VERIFY_TOKEN. Secrets come from the environment or .env only, never from the',
        'command line.',
      ].join('\n'),
    )
    .action(
      apiAction(async (options: { url: string; provider?: string; tenant?: string }) => {
        const url = parseFlag(webhookUrlSchema, options.url, '--url');
        loadDotenv({ quiet: true });
        const { api: env, webhook } = loadConfigParts(process.env, {
          api: whatsAppApiConfigPart,
          webhook: webhookConfigPart,
        });
        const { tenant } = options;
        if (tenant !== undefined) {
          return openDirectory((directory) => registerTenant(tenant, url, env, directory));
        }
        const provider =
          options.provider !== undefined
            ? parseFlag(providerSchema, options.provider, '--provider')
            : (env.WHATSAPP_PROVIDER ??
              (env.WHATSAPP_ACCESS_TOKEN !== undefined || env.WABA_ID !== undefined
                ? 'cloud'
                : '360dialog'));
        const policy: CallPolicy = {
          timeoutMs: env.WHATSAPP_API_TIMEOUT_MS,
          retries: env.WHATSAPP_API_RETRIES,
          retryBaseMs: 250,
        };
        if (!new URL(url).pathname.endsWith(WEBHOOK_PATH)) {
          console.log(
            `note: this server receives webhooks at ${WEBHOOK_PATH}; check that --url reaches it`,
          );
        }

        if (provider === '360dialog') {
          const secret = webhook.secrets[0];
          const apiKey = env.D360_API_KEY;
          if (apiKey === undefined || secret === undefined) {
            throw missing([
              ...(apiKey === undefined ? ['D360_API_KEY'] : []),
              ...(secret === undefined ? ['WEBHOOK_SECRET'] : []),
            ]);
          }
          console.log(
            `setting the 360dialog webhook to ${url} (with the X-Webhook-Secret header)…`,
          );
          const set = await set360dialogWebhook(policy, {
            apiUrl: env.D360_API_URL,
            apiKey,
            url,
            headers: { 'X-Webhook-Secret': secret },
          });
          console.log(`done: 360dialog delivers this number's webhooks to ${set.url}`);
          return 0;
        }

        const { WHATSAPP_ACCESS_TOKEN: accessToken, WABA_ID: wabaId } = env;
        if (accessToken === undefined || wabaId === undefined) {
          throw missing([
            ...(accessToken === undefined ? ['WHATSAPP_ACCESS_TOKEN'] : []),
            ...(wabaId === undefined ? ['WABA_ID'] : []),
          ]);
        }
        if (webhook.verifyToken === undefined) {
          throw new UsageError(
            'WEBHOOK_VERIFY_TOKEN must be set: Meta checks it when you enter the callback URL',
          );
        }
        console.log(`subscribing the app to WABA ${wabaId}…`);
        await subscribeApp(policy, {
          graphUrl: env.GRAPH_API_URL,
          graphVersion: env.GRAPH_API_VERSION,
          accessToken,
          wabaId,
        });
        console.log('done: the app is subscribed to the WABA.');
        console.log('');
        console.log('Now, in the App Dashboard (WhatsApp > Configuration > Webhooks), enter:');
        console.log(`  Callback URL:  ${url}`);
        console.log(`  Verify token:  ${webhook.verifyToken}`);
        console.log(
          'and subscribe to the fields "messages" and "flows". Set APP_SECRET so deliveries are verified.',
        );
        return 0;
      }),
    );
  return new Command('webhook')
    .description('set up the delivery of completions and Flow alerts')
    .addHelpText(
      'after',
      '\nExample:\n  npm run flows -- webhook register --url https://flows.example.com/webhooks/whatsapp',
    )
    .addCommand(register);
}

/**
 * A tenant's webhook: its 360dialog channel set to `url` with its own X-Webhook-Secret, or the
 * deployment's Meta app subscribed to its WABA (its changes then come to the shared route).
 */
async function registerTenant(
  id: string,
  url: string,
  env: ProviderVariables,
  directory: TenantDirectory,
): Promise<number> {
  const [tenant, secrets] = await Promise.all([directory.find(id), directory.secrets(id)]);
  if (!tenant || !secrets) throw new UsageError(`--tenant: no tenant ${id}`);
  const config = tenantApiConfig(tenant, secrets, env);
  const policy: CallPolicy = {
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    retryBaseMs: config.retryBaseMs,
  };
  if (config.provider === 'cloud') {
    console.log(`subscribing the app to WABA ${config.wabaId} of ${id}…`);
    await subscribeApp(policy, config);
    console.log(`done: ${id}'s changes come to the app's webhook, assigned by WABA and number`);
    return 0;
  }
  if (config.apiKey === undefined || secrets.webhookSecret === undefined) {
    throw new UsageError(
      `tenant ${id} needs secrets.d360ApiKey and secrets.webhookSecret to register its webhook`,
    );
  }
  if (!new URL(url).pathname.endsWith(`/t/${id}${WEBHOOK_PATH}`)) {
    console.log(`note: ${id}'s channel is received at /t/${id}${WEBHOOK_PATH}; check --url`);
  }
  const set = await set360dialogWebhook(policy, {
    apiUrl: config.apiUrl,
    apiKey: config.apiKey,
    url,
    headers: { 'X-Webhook-Secret': secrets.webhookSecret },
  });
  console.log(`done: 360dialog delivers ${id}'s webhooks to ${set.url}`);
  return 0;
}

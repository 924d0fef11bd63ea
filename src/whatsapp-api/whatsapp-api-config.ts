import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { configPart, loadConfigPart, optional } from '../config/config-part';
import { graphApiVersionVariable } from '../config/config-schema';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Keys travel in headers: plain http only to this machine (a local stand-in), https elsewhere. */
const url = () =>
  z
    .url({ protocol: /^https?$/, error: `must be an https URL` })
    .refine((value) => value.startsWith('https:') || LOOPBACK.has(new URL(value).hostname), {
      error: `must be an https URL (plain http is only for a local stand-in on 127.0.0.1)`,
    })
    .transform((value) => value.replace(/\/+$/, ''));

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number of ${what}` })
    .transform(Number)
    .refine((value) => value >= min && value <= max, {
      error: `must be from ${min} to ${max} ${what}`,
    });

/** The variables of both providers; which ones are required depends on the provider chosen. */
const whatsAppApiEnvSchema = z.object({
  WHATSAPP_PROVIDER: optional(
    z.enum(['360dialog', 'cloud'], { error: 'must be 360dialog or cloud' }).optional(),
  ),
  D360_HUB_URL: optional(url().default('https://hub.360dialog.io')),
  D360_PARTNER_API_KEY: optional(z.string().optional()),
  D360_PARTNER_ID: optional(z.string().optional()),
  D360_WABA_ACCOUNT_ID: optional(z.string().optional()),
  D360_API_URL: optional(url().default('https://waba-v2.360dialog.io')),
  D360_API_KEY: optional(z.string().optional()),
  GRAPH_API_URL: optional(url().default('https://graph.facebook.com')),
  GRAPH_API_VERSION: graphApiVersionVariable,
  WHATSAPP_ACCESS_TOKEN: optional(z.string().optional()),
  WABA_ID: optional(z.string().optional()),
  PHONE_NUMBER_ID: optional(z.string().optional()),
  WHATSAPP_API_TIMEOUT_MS: optional(wholeNumber('milliseconds', 100, 300_000).default(15_000)),
  WHATSAPP_API_RETRIES: optional(wholeNumber('retries', 0, 10).default(2)),
});

export interface CallPolicy {
  /** Every call is abandoned after this long. */
  timeoutMs: number;
  /** Further attempts of a request that may safely be repeated. */
  retries: number;
  /** The first backoff; each retry doubles it. */
  retryBaseMs: number;
}

/** 360dialog's Partner API credentials: Flows. */
export interface Dialog360Partner {
  apiKey: string;
  partnerId: string;
  wabaAccountId: string;
}

export interface Dialog360Config extends CallPolicy {
  provider: '360dialog';
  hubUrl: string;
  apiUrl: string;
  /** The channel's key, for the Messaging API (keys, messages, templates, webhook). */
  apiKey: string | undefined;
  /** For the Partner API (Flows); undefined when not all of its variables are set. */
  partner: Dialog360Partner | undefined;
}

export interface CloudConfig extends CallPolicy {
  provider: 'cloud';
  graphUrl: string;
  graphVersion: string;
  accessToken: string;
  wabaId: string;
  phoneNumberId: string;
}

export type WhatsAppApiConfig = Dialog360Config | CloudConfig;
export type Provider = WhatsAppApiConfig['provider'];

/** The two halves of a provider: Flows, and messages with keys and templates. */
export type ApiPart = 'flows' | 'messaging';

/** 360dialog's variables per API: a command that uses one API needs only its variables. */
export const D360_REQUIRED = {
  flows: ['D360_PARTNER_API_KEY', 'D360_PARTNER_ID', 'D360_WABA_ACCOUNT_ID'],
  messaging: ['D360_API_KEY'],
} as const satisfies Record<ApiPart, readonly string[]>;

/** What each 360dialog API is, in a message naming its missing variables. */
export const D360_API_NAMES: Record<ApiPart, string> = {
  flows: 'Flows (its Partner API)',
  messaging: 'messages, keys and templates (its Messaging API)',
};

const CLOUD_REQUIRED = ['WHATSAPP_ACCESS_TOKEN', 'WABA_ID', 'PHONE_NUMBER_ID'] as const;

/** The provider's variables as the environment gives them (URLs, call policy, credentials). */
export type ProviderVariables = z.output<typeof whatsAppApiEnvSchema>;

/** The account calls are made for: the environment's, or a partner's tenant's. */
export type AccountCredentials =
  | Pick<CloudConfig, 'provider' | 'accessToken' | 'wabaId' | 'phoneNumberId'>
  | { provider: '360dialog'; apiKey: string | undefined; wabaAccountId: string | undefined };

/**
 * The settings for calls on `account`'s behalf. The deployment's variables give the URLs, the
 * call policy and 360dialog's Partner API key and id (a partner has one for all its clients).
 */
export function apiConfigFor(
  vars: ProviderVariables,
  account: AccountCredentials,
): WhatsAppApiConfig {
  const policy: CallPolicy = {
    timeoutMs: vars.WHATSAPP_API_TIMEOUT_MS,
    retries: vars.WHATSAPP_API_RETRIES,
    retryBaseMs: 250,
  };
  if (account.provider === 'cloud') {
    return {
      ...account,
      graphUrl: vars.GRAPH_API_URL,
      graphVersion: vars.GRAPH_API_VERSION,
      ...policy,
    };
  }
  const { D360_PARTNER_API_KEY: apiKey, D360_PARTNER_ID: partnerId } = vars;
  const { wabaAccountId } = account;
  return {
    provider: '360dialog',
    hubUrl: vars.D360_HUB_URL,
    apiUrl: vars.D360_API_URL,
    apiKey: account.apiKey,
    partner:
      apiKey !== undefined && partnerId !== undefined && wabaAccountId !== undefined
        ? { apiKey, partnerId, wabaAccountId }
        : undefined,
    ...policy,
  };
}

/**
 * The WhatsApp API part of the configuration: its variables as given, since which of them are
 * required depends on the provider and on what a command uses (see loadWhatsAppApiConfig).
 */
export const whatsAppApiConfigPart = configPart({
  schema: whatsAppApiEnvSchema,
  settings: (vars): ProviderVariables => vars,
});

/** WHATSAPP_PROVIDER when set; otherwise the provider whose credentials are there. */
function chooseProvider(env: ProviderVariables): Provider {
  if (env.WHATSAPP_PROVIDER) return env.WHATSAPP_PROVIDER;
  if (CLOUD_REQUIRED.some((name) => env[name] !== undefined)) return 'cloud';
  return '360dialog';
}

/** `WHATSAPP_PROVIDER=360dialog needs A, B for Flows (…): set them in the environment or .env` */
export function missingVariables(
  provider: string,
  names: readonly string[],
  purpose?: string,
): string {
  const them = names.length > 1 ? 'them' : 'it';
  return `${provider} needs ${names.join(', ')}${purpose ? ` for ${purpose}` : ''}: set ${them} in the environment or .env`;
}

/**
 * The WhatsApp API settings from the environment, for a command that uses the APIs in `uses`:
 * missing credentials of those are a ConfigError naming each variable to set (a command prints
 * it as one line and exits 2). 360dialog's variables are asked for per API, the Cloud API's all
 * at once (its Flows, templates and messages all need the WABA and the number).
 */
export function loadWhatsAppApiConfig(
  env: NodeJS.ProcessEnv,
  uses: readonly ApiPart[] = ['flows', 'messaging'],
): WhatsAppApiConfig {
  const vars = loadConfigPart(env, whatsAppApiConfigPart);
  const provider = chooseProvider(vars);
  const chosen = vars.WHATSAPP_PROVIDER
    ? `WHATSAPP_PROVIDER=${provider}`
    : `the ${provider} provider (set WHATSAPP_PROVIDER=360dialog or cloud to choose)`;
  if (provider === '360dialog') {
    const problems = uses.flatMap((part) => {
      const missing = D360_REQUIRED[part].filter((name) => vars[name] === undefined);
      return missing.length > 0 ? [missingVariables(chosen, missing, D360_API_NAMES[part])] : [];
    });
    if (problems.length > 0) throw new ConfigError(problems);
    return apiConfigFor(vars, {
      provider,
      apiKey: vars.D360_API_KEY,
      wabaAccountId: vars.D360_WABA_ACCOUNT_ID,
    });
  }
  const missing = CLOUD_REQUIRED.filter((name) => vars[name] === undefined);
  if (missing.length > 0) throw new ConfigError([missingVariables(chosen, missing)]);
  const value = (name: (typeof CLOUD_REQUIRED)[number]) => vars[name] ?? '';
  return apiConfigFor(vars, {
    provider,
    accessToken: value('WHATSAPP_ACCESS_TOKEN'),
    wabaId: value('WABA_ID'),
    phoneNumberId: value('PHONE_NUMBER_ID'),
  });
}

/** The account a lock-file entry belongs to: ids differ per provider and per WABA. */
export function accountKey(config: WhatsAppApiConfig): string {
  // A channel key alone names no account: nothing in a lock file is taken for it.
  return config.provider === 'cloud'
    ? `cloud:${config.wabaId}`
    : `360dialog:${config.partner?.wabaAccountId ?? '(channel key only)'}`;
}

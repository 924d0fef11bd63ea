import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { graphApiVersionVariable } from '../config/config-schema';

/** Unset and empty variables are the same thing, as in the server's own configuration. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

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
export const whatsAppApiEnvSchema = z.object({
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

export interface Dialog360Config extends CallPolicy {
  provider: '360dialog';
  hubUrl: string;
  partnerApiKey: string;
  partnerId: string;
  wabaAccountId: string;
  apiUrl: string;
  apiKey: string;
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

const D360_REQUIRED = [
  'D360_PARTNER_API_KEY',
  'D360_PARTNER_ID',
  'D360_WABA_ACCOUNT_ID',
  'D360_API_KEY',
] as const;
const CLOUD_REQUIRED = ['WHATSAPP_ACCESS_TOKEN', 'WABA_ID', 'PHONE_NUMBER_ID'] as const;

type Env = z.output<typeof whatsAppApiEnvSchema>;

/** WHATSAPP_PROVIDER when set; otherwise the provider whose credentials are there. */
function chooseProvider(env: Env): Provider {
  if (env.WHATSAPP_PROVIDER) return env.WHATSAPP_PROVIDER;
  if (CLOUD_REQUIRED.some((name) => env[name] !== undefined)) return 'cloud';
  return '360dialog';
}

/**
 * The WhatsApp API settings from the environment. Missing credentials are a ConfigError naming
 * every variable to set (a command prints it as one line and exits 2).
 */
export function loadWhatsAppApiConfig(env: NodeJS.ProcessEnv): WhatsAppApiConfig {
  const parsed = whatsAppApiEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  const vars = parsed.data;
  const provider = chooseProvider(vars);
  const required = provider === 'cloud' ? CLOUD_REQUIRED : D360_REQUIRED;
  const missing = required.filter((name) => vars[name] === undefined);
  if (missing.length > 0) {
    const chosen = vars.WHATSAPP_PROVIDER
      ? `WHATSAPP_PROVIDER=${provider}`
      : `the ${provider} provider (set WHATSAPP_PROVIDER=360dialog or cloud to choose)`;
    throw new ConfigError([
      `${chosen} needs ${missing.join(', ')}: set them in the environment or .env`,
    ]);
  }
  const policy: CallPolicy = {
    timeoutMs: vars.WHATSAPP_API_TIMEOUT_MS,
    retries: vars.WHATSAPP_API_RETRIES,
    retryBaseMs: 250,
  };
  const value = (name: (typeof required)[number]) => vars[name] ?? '';
  return provider === 'cloud'
    ? {
        provider,
        graphUrl: vars.GRAPH_API_URL,
        graphVersion: vars.GRAPH_API_VERSION,
        accessToken: value('WHATSAPP_ACCESS_TOKEN'),
        wabaId: value('WABA_ID'),
        phoneNumberId: value('PHONE_NUMBER_ID'),
        ...policy,
      }
    : {
        provider,
        hubUrl: vars.D360_HUB_URL,
        partnerApiKey: value('D360_PARTNER_API_KEY'),
        partnerId: value('D360_PARTNER_ID'),
        wabaAccountId: value('D360_WABA_ACCOUNT_ID'),
        apiUrl: vars.D360_API_URL,
        apiKey: value('D360_API_KEY'),
        ...policy,
      };
}

/** The account a lock-file entry belongs to: ids differ per provider and per WABA. */
export function accountKey(config: WhatsAppApiConfig): string {
  return config.provider === 'cloud'
    ? `cloud:${config.wabaId}`
    : `360dialog:${config.wabaAccountId}`;
}

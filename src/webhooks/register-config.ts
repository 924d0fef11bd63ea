import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { splitSecrets } from '../config/config-schema';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

const baseUrl = (fallback: string) =>
  optional(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default(fallback),
  );

/** What `flows webhook register` needs, by provider; secrets come from the environment only. */
export const registerConfigSchema = z.object({
  D360_API_KEY: optional(z.string().optional()),
  D360_API_URL: baseUrl('https://waba-v2.360dialog.io'),
  META_ACCESS_TOKEN: optional(z.string().optional()),
  WABA_ID: optional(
    z
      .string()
      .regex(/^\d+$/, { error: 'must be the numeric WhatsApp Business Account id' })
      .optional(),
  ),
  GRAPH_API_URL: baseUrl('https://graph.facebook.com/v23.0'),
  WEBHOOK_SECRET: optional(z.string().optional()),
  WEBHOOK_VERIFY_TOKEN: optional(z.string().optional()),
});

export interface RegisterConfig {
  d360: { apiKey: string | undefined; baseUrl: string };
  cloud: { accessToken: string | undefined; wabaId: string | undefined; graphUrl: string };
  /** The newest WEBHOOK_SECRET: the header 360dialog is told to send. */
  webhookSecret: string | undefined;
  verifyToken: string | undefined;
}

export function loadRegisterConfig(env: NodeJS.ProcessEnv): RegisterConfig {
  const parsed = registerConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  const vars = parsed.data;
  return {
    d360: { apiKey: vars.D360_API_KEY, baseUrl: vars.D360_API_URL },
    cloud: {
      accessToken: vars.META_ACCESS_TOKEN,
      wabaId: vars.WABA_ID,
      graphUrl: vars.GRAPH_API_URL,
    },
    webhookSecret: splitSecrets(vars.WEBHOOK_SECRET)[0],
    verifyToken: vars.WEBHOOK_VERIFY_TOKEN,
  };
}

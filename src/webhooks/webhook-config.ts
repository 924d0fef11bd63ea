import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { splitSecrets } from '../config/config-schema';

/** Meta's largest webhook batches stay far below this; 360dialog relays the same bodies. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

/** The webhook route's own environment, read by the server only. */
export const webhookConfigSchema = z.object({
  WEBHOOK_VERIFY_TOKEN: optional(
    z
      .string()
      .min(8, {
        error: 'must be at least 8 characters: it is what Meta sends back to prove it is Meta',
      })
      .optional(),
  ),
  WEBHOOK_SECRET: optional(
    z
      .string()
      .min(16, {
        error:
          'must be at least 16 characters (e.g. openssl rand -hex 32); several, comma-separated, while rotating',
      })
      .optional(),
  ),
  WEBHOOK_MAX_BODY: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^\d{1,9}\s*(b|kb|mb)?$/, { error: 'must be a size such as 3mb, 512kb or 1048576' })
      .transform((value) => {
        const [, amount = '0', unit = ''] = /^(\d+)\s*([a-z]*)$/.exec(value) ?? [];
        return Number(amount) * (UNITS[unit] ?? 1);
      })
      .refine((bytes) => bytes >= 1024, { error: 'must be at least 1kb' })
      .default(DEFAULT_MAX_BODY_BYTES),
  ),
});

export interface WebhookConfig {
  /** What Meta's verification handshake must present; the handshake is refused without it. */
  verifyToken: string | undefined;
  /** Accepted values of the X-Webhook-Secret header (360dialog), newest first. */
  secrets: string[];
  maxBodyBytes: number;
}

/** Validates the webhook variables; throws a ConfigError naming each one to fix. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const parsed = webhookConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  return {
    verifyToken: parsed.data.WEBHOOK_VERIFY_TOKEN,
    secrets: splitSecrets(parsed.data.WEBHOOK_SECRET),
    maxBodyBytes: parsed.data.WEBHOOK_MAX_BODY,
  };
}

import { z } from 'zod';
import { configPart, loadConfigPart, optional } from '../config/config-part';
import { sizeVariable, splitSecrets } from '../config/config-schema';

/** Meta's largest webhook batches stay far below this; 360dialog relays the same bodies. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/** The webhook route's own environment, read by the server only. */
const webhookConfigSchema = z.object({
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
  WEBHOOK_MAX_BODY: sizeVariable(DEFAULT_MAX_BODY_BYTES, 1024, '1kb'),
  // The provider's variables (see whatsapp-api-config.ts), read here for partner mode only: the
  // default tenant's changes on the shared route are those naming its own WABA or number.
  WABA_ID: optional(z.string().optional()),
  PHONE_NUMBER_ID: optional(z.string().optional()),
});

export interface WebhookConfig {
  /** What Meta's verification handshake must present; the handshake is refused without it. */
  verifyToken: string | undefined;
  /** Accepted values of the X-Webhook-Secret header (360dialog), newest first. */
  secrets: string[];
  maxBodyBytes: number;
  /** The default tenant's own account, told apart from stored tenants' in partner mode. */
  defaultAccount: { wabaIds: string[]; phoneNumberIds: string[] };
}

/** The webhook route's part of the configuration. */
export const webhookConfigPart = configPart({
  schema: webhookConfigSchema,
  settings: (vars): WebhookConfig => ({
    verifyToken: vars.WEBHOOK_VERIFY_TOKEN,
    secrets: splitSecrets(vars.WEBHOOK_SECRET),
    maxBodyBytes: vars.WEBHOOK_MAX_BODY,
    defaultAccount: {
      wabaIds: vars.WABA_ID === undefined ? [] : [vars.WABA_ID],
      phoneNumberIds: vars.PHONE_NUMBER_ID === undefined ? [] : [vars.PHONE_NUMBER_ID],
    },
  }),
});

/** Validates the webhook variables; throws a ConfigError naming each one to fix. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  return loadConfigPart(env, webhookConfigPart);
}

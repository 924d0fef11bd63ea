import { z } from 'zod';
import { configPart, optional } from '../config/config-part';

/** The admin API's settings: on only with a token (and a tenant directory to manage). */
export interface AdminConfig {
  /** Bearer token /admin asks for; /admin is not served without it. */
  token: string | undefined;
}

/** Production's floor: long enough that guessing it over HTTP is hopeless. */
export const ADMIN_TOKEN_MIN_PRODUCTION = 32;

const adminEnvSchema = z.object({
  ADMIN_TOKEN: optional(z.string().trim().min(1).optional()),
});

/** ADMIN_TOKEN: unset, /admin is off; in production it must be at least 32 characters. */
export const adminConfigPart = configPart({
  schema: adminEnvSchema,
  rules: (vars, { production }) =>
    production &&
    vars.ADMIN_TOKEN !== undefined &&
    vars.ADMIN_TOKEN.length < ADMIN_TOKEN_MIN_PRODUCTION
      ? [
          {
            variable: 'ADMIN_TOKEN',
            message: `must be at least ${ADMIN_TOKEN_MIN_PRODUCTION} characters in production (e.g. openssl rand -hex 32): it changes tenants and their secrets`,
          },
        ]
      : [],
  settings: (vars): AdminConfig => ({ token: vars.ADMIN_TOKEN }),
});

import { z } from 'zod';
import { configPart, loadConfigPart, optional } from '../config/config-part';

/** Where WhatsApp's media CDN serves picked files from (cdn_url). */
const WHATSAPP_MEDIA_HOSTS = ['mmg.whatsapp.net', '*.whatsapp.net'];

const MIB = 1024 * 1024;

export interface MediaSettings {
  /** Hosts files may be downloaded from (and redirected to). */
  hosts: readonly string[];
  /** Also plain http to localhost / 127.x / [::1]: for tests and local stubs only. */
  allowLoopback: boolean;
  /** Largest decrypted file accepted; the download may be 26 bytes longer (padding and HMAC). */
  maxFileBytes: number;
  connectTimeoutMs: number;
  /** For the whole download of one file, redirects included. */
  timeoutMs: number;
  /** Files downloaded at once per server process; the rest wait their turn. */
  concurrency: number;
  /** Where flows keep the files they save, unless told otherwise. */
  dir: string;
}

export const DEFAULT_MEDIA_SETTINGS: MediaSettings = {
  hosts: WHATSAPP_MEDIA_HOSTS,
  allowLoopback: false,
  maxFileBytes: 25 * MIB,
  connectTimeoutMs: 3_000,
  timeoutMs: 8_000,
  concurrency: 4,
  dir: 'data/media',
};

const positive = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[1-9]\d*$/, { error: `must be a whole number of ${what}` })
    .transform(Number);

const HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;

/** The media environment variables; parsed only by what downloads files. */
const mediaEnvSchema = z.object({
  MEDIA_HOSTS: optional(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((host) => host.trim())
          .filter(Boolean),
      )
      .refine((hosts) => hosts.length > 0 && hosts.every((host) => HOST.test(host)), {
        error: 'must be host names separated by commas, e.g. mmg.whatsapp.net,*.whatsapp.net',
      })
      .optional(),
  ),
  MEDIA_ALLOW_LOOPBACK: optional(
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  MEDIA_MAX_FILE_MIB: optional(positive('MiB').optional()),
  MEDIA_CONNECT_TIMEOUT_MS: optional(positive('milliseconds').optional()),
  MEDIA_TIMEOUT_MS: optional(positive('milliseconds').optional()),
  MEDIA_CONCURRENCY: optional(positive('downloads').optional()),
  MEDIA_DIR: optional(z.string().optional()),
});

/** The media part of the configuration: MediaSettings from the environment. */
export const mediaConfigPart = configPart({
  schema: mediaEnvSchema,
  rules: (vars, { production }) =>
    production && vars.MEDIA_ALLOW_LOOPBACK === 'true'
      ? [
          {
            variable: 'MEDIA_ALLOW_LOOPBACK',
            message:
              'must not be true in production: it lets media come from this machine over http',
          },
        ]
      : [],
  settings: (vars): MediaSettings => {
    const defaults = DEFAULT_MEDIA_SETTINGS;
    return {
      hosts: vars.MEDIA_HOSTS ?? defaults.hosts,
      allowLoopback: vars.MEDIA_ALLOW_LOOPBACK === 'true',
      maxFileBytes:
        vars.MEDIA_MAX_FILE_MIB === undefined
          ? defaults.maxFileBytes
          : vars.MEDIA_MAX_FILE_MIB * MIB,
      connectTimeoutMs: vars.MEDIA_CONNECT_TIMEOUT_MS ?? defaults.connectTimeoutMs,
      timeoutMs: vars.MEDIA_TIMEOUT_MS ?? defaults.timeoutMs,
      concurrency: vars.MEDIA_CONCURRENCY ?? defaults.concurrency,
      dir: vars.MEDIA_DIR ?? defaults.dir,
    };
  },
});

/** MediaSettings from the environment; a ConfigError lists every variable to fix. */
export function loadMediaSettings(env: Record<string, string | undefined>): MediaSettings {
  return loadConfigPart(env, mediaConfigPart);
}

import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { createWhatsAppApi } from '../whatsapp-api/create-whatsapp-api';
import { LockFileError } from '../whatsapp-api/flows-lock';
import { loadWhatsAppApiConfig, type ApiPart } from '../whatsapp-api/whatsapp-api-config';
import type { WhatsAppApi } from '../whatsapp-api/whatsapp-api';
import { WhatsAppApiError } from '../whatsapp-api/whatsapp-api-error';
import { parseFlag } from './parse-flag';
import { action, type ActionResult } from './run-cli';

/**
 * The provider the environment (and .env) names, for a command that uses the APIs in `uses`:
 * missing credentials of those exit 2 naming them, and nothing else is demanded.
 */
export function whatsAppApiFromEnv(uses: readonly ApiPart[]): WhatsAppApi {
  loadDotenv({ quiet: true });
  return createWhatsAppApi(loadWhatsAppApiConfig(process.env, uses));
}

/**
 * `action` for commands that call a provider: a failed call is one line (what was attempted, the
 * host, the provider's code and message) and exit 1, never a stack trace.
 */
export function apiAction<Args extends unknown[]>(
  run: (...args: Args) => ActionResult | Promise<ActionResult>,
): (...args: Args) => Promise<void> {
  return action(async (...args: Args) => {
    try {
      return await run(...args);
    } catch (err) {
      if (err instanceof WhatsAppApiError || err instanceof LockFileError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
  });
}

/** A JSON object given on the command line (`--data`, `--params`). */
export const jsonObjectFlag = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. \'{"name":"Ada"}\'' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }));

/** `--data '{"…":…}'`: a JSON object. */
export function parseDataFlag(value: string | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : parseFlag(jsonObjectFlag, value, '--data');
}

export const LOCK_FILE_OPTION = ['--lock-file <file>', 'where the Flow ids are kept'] as const;

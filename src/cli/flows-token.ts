import { Command } from 'commander';
import { z } from 'zod';
import { flowTokenConfigPart, storeConfigPart } from '../config/command-parts';
import { DEVELOPMENT_TOKEN_SECRET } from '../config/load-config';
import { FLOW_NAME as FLOW_NAME_PATTERN } from '../flow-definition/define-flow';
import { issueFlowToken } from '../tokens/issue-flow-token';
import { loadCommandEnv } from './load-command-env';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { requireServedFlow } from './served-flows';
import { parseTenantFlag } from './tenant-flag';

/** All a token needs: its secret (required in production, as the server requires it). */
export const TOKEN_ENV = { token: flowTokenConfigPart };

/** What commands that issue tokens and record them (send, template send) need: no more. */
export const TOKEN_STORE_ENV = { token: flowTokenConfigPart, store: storeConfigPart };

/**
 * The secret tokens are signed with: FLOW_TOKEN_SECRET, else (outside production, where the
 * schema refuses its absence) the development secret, with a note saying so.
 */
export function tokenSecretOf(token: { secret: string | undefined }): string {
  warnDefaultSecret(token.secret === undefined);
  return token.secret ?? DEVELOPMENT_TOKEN_SECRET;
}

export const FLOW_NAME = z
  .string()
  .regex(FLOW_NAME_PATTERN, 'a flow name is lower-case letters, digits and dashes');
const TTL = z.coerce
  .number()
  .int('a whole number of seconds')
  .positive('a whole number of seconds');

/** `--ttl <seconds>`, when given. */
export function parseTtlFlag(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseFlag(TTL, value, '--ttl');
}

/** Outside production the CLI's tokens are signed with the development secret; say so. */
function warnDefaultSecret(isDefault: boolean): void {
  if (isDefault) {
    console.error(
      'note: FLOW_TOKEN_SECRET is not set; this token is signed with the development secret',
    );
  }
}

/**
 * `flows token <flow> [--subject S] [--ttl SECONDS]`: the token is the last line printed. Needs only
 * FLOW_TOKEN_SECRET; the flow must be one the server serves.
 */
export function tokenCommand(): Command {
  return new Command('token')
    .description('print a new signed flow token (last line)')
    .argument('<flow>', 'the flow the token is for')
    .option('--subject <subject>', 'who the token is for (e.g. a phone number)')
    .option('--ttl <seconds>', 'how long the token is valid')
    .option('--tenant <id>', "a stored tenant's id: the token opens the flow at its URL only")
    .addHelpText(
      'after',
      '\nExample:\n  npm run --silent flows -- token book-appointment --ttl 3600',
    )
    .action(
      action((flowArg: string, options: { subject?: string; ttl?: string; tenant?: string }) => {
        const flow = requireServedFlow(parseFlag(FLOW_NAME, flowArg, '<flow>'));
        const tenant = parseTenantFlag(options.tenant);
        const ttlSeconds = parseTtlFlag(options.ttl);
        const secret = tokenSecretOf(loadCommandEnv(TOKEN_ENV).token);
        console.log(
          issueFlowToken({
            flow,
            secret,
            subject: options.subject,
            tenant,
            ttlSeconds,
          }),
        );
      }),
    );
}

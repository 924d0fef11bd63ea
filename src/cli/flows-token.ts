import { Command } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { issueFlowToken } from '../tokens/issue-flow-token';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';

export const FLOW_NAME = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a flow name is lower-case letters, digits and dashes');
export const TTL = z.coerce
  .number()
  .int('a whole number of seconds')
  .positive('a whole number of seconds');

/** Outside production the CLI's tokens are signed with the development secret; say so. */
export function warnDefaultSecret(isDefault: boolean): void {
  if (isDefault) {
    console.error(
      'note: FLOW_TOKEN_SECRET is not set; this token is signed with the development secret',
    );
  }
}

/** `flows token <flow> [--subject S] [--ttl SECONDS]`: the token is the last line printed. */
export function tokenCommand(): Command {
  return new Command('token')
    .description('print a new signed flow token (last line)')
    .argument('<flow>', 'the flow the token is for')
    .option('--subject <subject>', 'who the token is for (e.g. a phone number)')
    .option('--ttl <seconds>', 'how long the token is valid')
    .addHelpText(
      'after',
      '\nExample:\n  npm run --silent flows -- token book-appointment --ttl 3600',
    )
    .action(
      action((flowArg: string, options: { subject?: string; ttl?: string }) => {
        const flow = parseFlag(FLOW_NAME, flowArg, '<flow>');
        const ttlSeconds =
          options.ttl === undefined ? undefined : parseFlag(TTL, options.ttl, '--ttl');
        loadDotenv({ quiet: true });
        const config = loadConfig(process.env);
        warnDefaultSecret(config.flowTokenSecretIsDefault);
        console.log(
          issueFlowToken({
            flow,
            secret: config.flowTokenSecret,
            subject: options.subject,
            ttlSeconds,
          }),
        );
      }),
    );
}

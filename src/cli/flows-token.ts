import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../config/load-config';
import { issueFlowToken } from '../tokens/issue-flow-token';

const FLOW_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `flows token <flow> [--subject S] [--ttl SECONDS]`: the token is the last line printed. */
export function runTokenCommand(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { subject: { type: 'string' }, ttl: { type: 'string' } },
    });
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const [flow, ...extra] = parsed.positionals;
  const ttl = parsed.values.ttl === undefined ? undefined : Number(parsed.values.ttl);
  if (flow === undefined || extra.length > 0 || !FLOW_NAME.test(flow)) {
    console.error(
      'Usage: npm run --silent flows -- token <flow-name> [--subject S] [--ttl SECONDS]',
    );
    return 2;
  }
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) {
    console.error('--ttl must be a whole number of seconds');
    return 2;
  }
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env);
  if (config.flowTokenSecretIsDefault) {
    console.error(
      'note: FLOW_TOKEN_SECRET is not set; this token is signed with the development secret',
    );
  }
  console.log(
    issueFlowToken({
      flow,
      secret: config.flowTokenSecret,
      subject: parsed.values.subject,
      ttlSeconds: ttl,
    }),
  );
  return 0;
}

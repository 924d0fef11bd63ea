import { config as loadDotenv } from 'dotenv';
import { ConfigError } from '../config/config-error';
import { loadConfigParts, type ConfigPart } from '../config/config-part';
import { UsageError } from './usage-error';

/**
 * The parts of the configuration one command needs, from the environment and `.env`, read by the
 * server's own loader (src/config/config-part.ts): a command never demands what it does not use.
 * A problem is the user's to fix: one line naming each variable, exit 2.
 */
export function loadCommandEnv<P extends Record<string, ConfigPart<unknown>>>(parts: P) {
  loadDotenv({ quiet: true });
  try {
    return loadConfigParts(process.env, parts);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.problems.join('; '));
    throw err;
  }
}

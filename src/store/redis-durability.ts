import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';

const LOST =
  'webhook deliveries and completions answered 200 can be lost, and Meta does not send them again';
const FIX = 'Run Redis with appendonly yes and appendfsync always';
/** CONFIG GET's answer for one setting: its name and value. */
const settingAnswer = z.tuple([z.string(), z.string()]);

/**
 * What Redis's persistence settings risk for what the endpoint acknowledged, in words for the
 * operator; undefined when an acknowledged write is on disk before Redis answers.
 */
export function redisDurabilityRisk(appendonly: string, appendfsync: string): string | undefined {
  if (appendonly !== 'yes') {
    return `Redis keeps no append-only file (appendonly ${appendonly}): if it stops, everything since its last snapshot is gone; ${LOST}. ${FIX}.`;
  }
  if (appendfsync === 'always') return undefined;
  const window =
    appendfsync === 'everysec'
      ? 'syncs its append-only file once a second (appendfsync everysec): on a power loss up to a second of writes is gone'
      : `leaves syncing its append-only file to the operating system (appendfsync ${appendfsync}): on a power loss up to half a minute of writes is gone`;
  return `Redis ${window}; ${LOST}. ${FIX}.`;
}

/** Asks Redis what it promises (CONFIG GET) and warns when acknowledged writes could be lost. */
export async function checkRedisDurability(
  client: Pick<Redis, 'config'>,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  let settings: string[];
  try {
    const answers = await Promise.all([
      client.config('GET', 'appendonly'),
      client.config('GET', 'appendfsync'),
    ]);
    settings = answers.map((answer) => settingAnswer.parse(answer)[1]);
  } catch (err) {
    logger.warn(
      { reason: err instanceof Error ? err.message : String(err) },
      `Could not check whether Redis keeps what it acknowledges (CONFIG GET refused): unless it runs with appendonly yes and appendfsync always, ${LOST}.`,
    );
    return;
  }
  const [appendonly = '', appendfsync = ''] = settings;
  const risk = redisDurabilityRisk(appendonly, appendfsync);
  if (risk !== undefined) logger.warn(risk);
}

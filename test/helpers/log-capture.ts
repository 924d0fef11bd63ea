import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/logging/create-logger';

/** A real logger whose JSON lines are kept in memory for assertions. */
export function captureLogs(): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger('trace', stream);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, text };
}

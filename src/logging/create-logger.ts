import pino, { type Logger } from 'pino';
import { isoTime } from './iso-time';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * JSON logs. Redaction is a second line of defence: the code never logs data, tokens or keys, and
 * these paths catch them should a mistake put them in.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      // pid tells cluster workers apart.
      base: { service: 'flows-endpoint', pid: process.pid },
      timestamp: isoTime(),
      redact: {
        paths: [
          'data',
          '*.data',
          'flow_token',
          '*.flow_token',
          'flowToken',
          '*.flowToken',
          'privateKey',
          'passphrase',
          'appSecret',
          'req.headers.authorization',
          'req.headers["x-hub-signature-256"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

import type { Level, Logger } from 'pino';

export interface AccessEntry {
  reqId: string;
  method: string | undefined;
  url: string | undefined;
  status: number;
  /** Nanoseconds, from process.hrtime.bigint(). */
  started: bigint;
  /** flow, action, screen, token reference, key: never data. */
  fields?: object;
  /** Why a request was refused. */
  reason?: string;
  /** The cause of a 500. */
  err?: unknown;
}

export type AccessLog = (entry: AccessEntry) => void;

function levelOf(status: number, failed: boolean): Level | 'debug' {
  if (failed || status >= 500) return 'error';
  // These come in floods when a secret or key is wrong: a per-minute count is logged instead.
  if (status === 421 || status === 432) return 'debug';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * The one line every request gets when it ends: who, what, how it ended, how long it took.
 * Its fields are chosen one by one and hold no data, so it skips the logger's redaction, which
 * cost more than the rest of the line; a line with an error (whose message could hold anything)
 * still goes through it.
 */
export function accessLog(logger: Logger): AccessLog {
  const plain = logger.child({}, { redact: [] });
  return (entry) => {
    const level = levelOf(entry.status, entry.err !== undefined);
    if (!logger.isLevelEnabled(level)) return;
    (entry.err === undefined ? plain : logger)[level](
      {
        reqId: entry.reqId,
        req: { method: entry.method, url: entry.url },
        ...entry.fields,
        reason: entry.reason,
        res: { statusCode: entry.status },
        responseTime: Number((process.hrtime.bigint() - entry.started) / 1000n) / 1000,
        err: entry.err,
      },
      entry.status >= 500 ? 'request failed' : 'request completed',
    );
  };
}

import type { Level, Logger } from 'pino';
import type { HttpExchange } from './http-exchange';

export type AccessLog = (
  exchange: HttpExchange,
  status: number,
  client: string | undefined,
) => void;

function levelOf(status: number, failed: boolean, overloaded: boolean): Level | 'debug' {
  // Too many bodies at once is the clients' doing, not a failure here: a refusal like a 401.
  if (failed || (status >= 500 && !overloaded)) return 'error';
  // These come in floods when a secret or key is wrong: a per-minute count is logged instead.
  if (status === 421 || status === 432) return 'debug';
  return status >= 400 ? 'warn' : 'info';
}

/** The path alone: a query can carry a secret (the webhook handshake's verify token). */
function pathOf(url: string | undefined): string | undefined {
  const query = url === undefined ? -1 : url.indexOf('?');
  return query === -1 ? url : url?.slice(0, query);
}

/**
 * The one line every request gets when it ends: who, what, how it ended, how long it took.
 * Its fields are chosen one by one and hold no data, so it skips the logger's redaction, which
 * cost more than the rest of the line; a line with an error (whose message could hold anything)
 * still goes through it.
 */
export function accessLog(logger: Logger): AccessLog {
  const plain = logger.child({}, { redact: [] });
  return (exchange, status, client) => {
    const { error } = exchange;
    const err = error && error.status >= 500 ? error.cause : undefined;
    const level = levelOf(status, err !== undefined, error?.kind === 'overloaded');
    if (!logger.isLevelEnabled(level)) return;
    (err === undefined ? plain : logger)[level](
      {
        reqId: exchange.reqId,
        req: { method: exchange.method, url: pathOf(exchange.url), remoteAddress: client },
        ...exchange.fields,
        reason: error?.message,
        res: { statusCode: status },
        responseTime: Number((process.hrtime.bigint() - exchange.started) / 1000n) / 1000,
        err,
      },
      status >= 500 ? 'request failed' : 'request completed',
    );
  };
}

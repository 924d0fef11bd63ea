import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

const REQUEST_ID = /^[\w.-]{1,64}$/;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** A child logger carrying the request id, made on first use. */
      log: Logger;
    }
    interface Response {
      /** The cause of a 500, for the request's log line. */
      err?: Error;
    }
  }
}

function levelOf(status: number, failed: boolean): Level | 'debug' {
  if (failed || status >= 500) return 'error';
  // These come in floods when a secret or key is wrong: a per-minute count is logged instead.
  if (status === 421 || status === 432) return 'debug';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * One line per request when it ends: request id, flow, action, screen, status and duration (never
 * data). The per-request child logger is made only when something logs through it, because most
 * requests never do and making one costs more than the request's own logic.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const reqId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', reqId);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      get: () => (child ??= logger.child({ reqId })),
      configurable: true,
    });

    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const status = res.statusCode;
      const level = levelOf(status, res.err !== undefined);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          reqId,
          req: { method: req.method, url: req.originalUrl },
          ...(res.locals.logFields as object | undefined),
          reason: res.locals.reason as string | undefined,
          res: { statusCode: status },
          responseTime: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          err: res.err,
        },
        status >= 500 ? 'request failed' : 'request completed',
      );
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

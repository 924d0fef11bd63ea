import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { accessLog } from './log-access';
import { requestId } from './request-id';

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

/**
 * The access log for the Express routes (health, readiness, metrics, not found); flow requests
 * are logged by the flow route itself. The child logger is made only when something logs.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const logAccess = accessLog(logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const reqId = requestId(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', reqId);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      get: () => (child ??= logger.child({ reqId })),
      configurable: true,
    });

    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      logAccess({
        reqId,
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        started,
        reason: res.locals.reason as string | undefined,
        err: res.err,
      });
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

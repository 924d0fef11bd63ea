import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { accessLog } from './log-access';
import { requestId } from './request-id';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Response {
      /** The cause of a 500, for the request's log line. */
      err?: Error;
    }
  }
}

/**
 * The access log for the Express routes (health, readiness, metrics, not found); flow requests
 * are logged by the flow route itself.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const logAccess = accessLog(logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const reqId = requestId(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', reqId);

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

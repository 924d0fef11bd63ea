import type { ErrorRequestHandler } from 'express';
import { sendError } from './send-error';
import { toEndpointError } from './to-endpoint-error';

/** Last stop for every failure: a status and a short JSON reason. */
export const errorMiddleware: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const error = toEndpointError(err);
  if (error.status >= 500 && error.cause) res.err = error.cause as Error;
  sendError(res, error);
};

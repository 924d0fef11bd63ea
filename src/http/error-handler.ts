import type { ErrorRequestHandler } from 'express';
import type { HttpKit } from './http-kit';
import { toEndpointError } from './to-endpoint-error';

/** Express's last stop for every failure: a status and a short JSON reason. */
export function errorHandler(http: HttpKit): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    http.sendError(res, toEndpointError(err));
  };
}

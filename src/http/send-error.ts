import type { Response } from 'express';
import type { EndpointError } from '../errors/endpoint-error';

/** A clear answer, never a stack trace; the reason also goes on the request's log line. */
export function sendError(res: Response, error: EndpointError): void {
  res.locals.reason = error.message;
  res.status(error.status).json(error.body);
}

import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';

/**
 * Helmet's default headers, worked out once at start-up: they never vary by request, and running
 * helmet's fourteen middlewares on every request cost more than the flow's own handler. Helmet
 * itself decides them, against a response that is never sent.
 */
export function securityHeaders(): ReadonlyMap<string, string> {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  let failure: unknown;
  helmet()(res.req, res, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined) throw failure;
  return new Map(Object.entries(res.getHeaders()).map(([name, value]) => [name, String(value)]));
}

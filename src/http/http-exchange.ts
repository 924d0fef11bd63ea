import type { Logger } from 'pino';
import type { EndpointError } from '../errors/endpoint-error';
import { RequestContext } from '../logging/request-context';

/** One request as the HTTP layer sees it: its context, and what its access line needs. */
export class HttpExchange extends RequestContext {
  /** Why the request was refused; its cause is logged for a 500. */
  error: EndpointError | undefined;

  constructor(
    reqId: string,
    base: Logger,
    readonly method: string | undefined,
    readonly url: string | undefined,
  ) {
    super(reqId, base);
  }
}

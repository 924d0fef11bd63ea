import type { Logger } from 'pino';

/** What a request's log lines may carry: never data, never a whole flow token. */
export interface RequestLogFields {
  /** A stored tenant's id (partner mode); absent for the default tenant. */
  tenant?: string;
  flow?: string;
  action?: string;
  screen?: string;
  /** A short reference to the flow token (tokenRef), never the token. */
  token?: string;
  /** Fingerprint of the private key that opened the request. */
  key?: string;
}

/**
 * One per request, from its arrival to its access line: its id, when it started, the fields its
 * log lines carry (filled in as the request is understood) and its logger.
 */
export class RequestContext {
  readonly started = process.hrtime.bigint();
  readonly fields: RequestLogFields = {};
  #log: Logger | undefined;

  constructor(
    readonly reqId: string,
    private readonly base: Logger,
  ) {}

  /**
   * Made on first use, with the fields known then: most requests log nothing beyond their access
   * line, and a pino child costs more than a request's own logic.
   */
  get log(): Logger {
    this.#log ??= this.base.child({ reqId: this.reqId, ...this.fields });
    return this.#log;
  }
}

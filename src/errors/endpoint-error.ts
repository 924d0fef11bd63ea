/**
 * Every failure the endpoint answers with is one of these kinds. The status of each kind is
 * fixed here, and only here, because the WhatsApp client reacts to the code itself
 * (see ../shared/docs/flows-protocol.md, "HTTP status codes the client understands").
 */
const ERROR_STATUS = {
  /** Envelope or decrypted request is not what the protocol defines. */
  bad_request: 400,
  /** GET /metrics or /admin without the bearer token METRICS_TOKEN or ADMIN_TOKEN asks for. */
  unauthorized: 401,
  /** A webhook verification handshake with the wrong verify token. */
  forbidden: 403,
  not_found: 404,
  /** What is asked for is held by another: a WABA or phone number id another tenant claims. */
  conflict: 409,
  /** Raw body over its route's limit (1 MiB for flow requests). */
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** The client re-fetches the business public key and retries once. */
  decryption_failed: 421,
  /** The client shows the error_msg and disables the flow's call to action. */
  flow_token_invalid: 427,
  /** X-Hub-Signature-256 missing, malformed or not made with the app secret. */
  signature_invalid: 432,
  /** A handler failed or none exists; counted by Meta as an endpoint error. */
  internal: 500,
  /** The store (SQLite or Redis) did not answer; refused fast rather than left to time out. */
  store_unavailable: 503,
  /** More request bodies arriving at once than the server reads before knowing their sender. */
  overloaded: 503,
} as const;

export type ErrorKind = keyof typeof ERROR_STATUS;

export class EndpointError extends Error {
  readonly status: number;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EndpointError';
    this.status = ERROR_STATUS[kind];
  }

  /** The JSON body the caller gets: the kind and a short reason, never a stack trace. */
  get body(): { error: ErrorKind; message: string } {
    return { error: this.kind, message: this.message };
  }
}

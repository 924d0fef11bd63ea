/** How a call failed: the provider answered with an error, or no usable answer came. */
export type WhatsAppApiFailure =
  'http' | 'network' | 'timeout' | 'invalid-response' | 'unsupported';

export interface WhatsAppApiErrorDetails {
  failure: WhatsAppApiFailure;
  /** What was attempted, in words: "upload flow.json". */
  operation: string;
  /** The host called (never the whole URL: it may carry ids a log should not need). */
  host: string;
  /** The HTTP status of an `http` failure. */
  status?: number;
  /** The provider's own error code (Meta's `code`, e.g. 139002), when it gave one. */
  code?: number | string;
  /** Meta's `error_subcode`, when given. */
  subcode?: number;
  /** The provider's message, when it gave one. */
  providerMessage?: string;
  /** True when the same request later may succeed (429, 5xx, network, timeout, is_transient). */
  retryable: boolean;
}

/** The one error every WhatsApp API call throws: status, the provider's code and message, retry hint. */
export class WhatsAppApiError extends Error {
  readonly failure: WhatsAppApiFailure;
  readonly operation: string;
  readonly host: string;
  readonly status: number | undefined;
  readonly code: number | string | undefined;
  readonly subcode: number | undefined;
  readonly providerMessage: string | undefined;
  readonly retryable: boolean;

  constructor(details: WhatsAppApiErrorDetails) {
    super(describe(details));
    this.name = 'WhatsAppApiError';
    this.failure = details.failure;
    this.operation = details.operation;
    this.host = details.host;
    this.status = details.status;
    this.code = details.code;
    this.subcode = details.subcode;
    this.providerMessage = details.providerMessage;
    this.retryable = details.retryable;
  }

  /** 401 or 403: the credentials were refused. */
  get refused(): boolean {
    return this.failure === 'http' && (this.status === 401 || this.status === 403);
  }
}

function describe(details: WhatsAppApiErrorDetails): string {
  const { failure, operation, host } = details;
  switch (failure) {
    case 'network':
      return `could not reach ${host} to ${operation}: ${details.providerMessage ?? 'network error'}`;
    case 'timeout':
      return `${host} did not answer in time to ${operation}`;
    case 'invalid-response':
      return `${host} gave an unexpected answer to ${operation}: ${details.providerMessage ?? ''}`;
    case 'unsupported':
      return `${operation}: ${details.providerMessage ?? 'not supported by this provider'}`;
    case 'http': {
      if (details.status === 401 || details.status === 403) {
        return `the API key was refused by ${host} (HTTP ${details.status}) trying to ${operation}${
          details.providerMessage ? `: ${details.providerMessage}` : ''
        }`;
      }
      const code = details.code === undefined ? '' : `, code ${details.code}`;
      const message = details.providerMessage ? `: ${details.providerMessage}` : '';
      return `${operation} failed (HTTP ${details.status ?? '?'}${code})${message}`;
    }
  }
}

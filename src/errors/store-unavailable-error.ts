import { EndpointError } from './endpoint-error';

/** The store did not answer in time: a 503, fast, so WhatsApp's retry may find it back. */
export class StoreUnavailableError extends EndpointError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
    this.name = 'StoreUnavailableError';
  }
}

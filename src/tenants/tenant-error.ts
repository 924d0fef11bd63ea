import { EndpointError } from '../errors/endpoint-error';

/** A tenant's id or configuration refused (400), unknown (404) or in conflict with another (409). */
export class TenantError extends EndpointError {
  constructor(kind: 'bad_request' | 'not_found' | 'conflict', message: string) {
    super(kind, message);
    this.name = 'TenantError';
  }

  static invalid(message: string): TenantError {
    return new TenantError('bad_request', message);
  }

  static unknown(id: string): TenantError {
    return new TenantError('not_found', `there is no tenant ${id}`);
  }

  static conflict(message: string): TenantError {
    return new TenantError('conflict', message);
  }
}

import { EndpointError, type ErrorKind } from '../errors/endpoint-error';
import { isRecord } from '../util/is-record';

const BODY_PARSER_KINDS: Record<string, ErrorKind> = {
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
};

/**
 * Errors of the layers below that carry a status of their own (the tenant directory refusing a
 * change): their message is written for the caller, so it is kept.
 */
const STATUS_KINDS: Record<number, ErrorKind> = {
  400: 'bad_request',
  404: 'not_found',
  409: 'conflict',
};

/** Anything thrown on the way in becomes an EndpointError; unknown failures are a plain 500. */
export function toEndpointError(err: unknown): EndpointError {
  if (err instanceof EndpointError) return err;
  if (isRecord(err) && 'type' in err && 'status' in err) {
    const { type, status } = err;
    const kind = typeof type === 'string' ? BODY_PARSER_KINDS[type] : undefined;
    if (kind) return new EndpointError(kind, String(type).replace(/\./g, ' '));
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return new EndpointError('bad_request', 'request body could not be read');
    }
  }
  if (err instanceof Error && 'status' in err && typeof err.status === 'number') {
    const kind = STATUS_KINDS[err.status];
    if (kind) return new EndpointError(kind, err.message);
  }
  return new EndpointError('internal', 'internal error', { cause: err });
}

import { EndpointError, type ErrorKind } from '../errors/endpoint-error';
import { isRecord } from '../util/is-record';

const BODY_PARSER_KINDS: Record<string, ErrorKind> = {
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
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
  return new EndpointError('internal', 'internal error', { cause: err });
}

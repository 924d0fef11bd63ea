import { postToEndpoint } from '../post-to-endpoint';

/** Failures to connect at all: no server there, or no such host or route. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/**
 * Why nothing answers at `url` at all (`ECONNREFUSED`, …), or undefined when something does:
 * then there is no point in playing every check against it.
 */
export async function nothingAnswers(url: string, timeoutMs: number): Promise<string | undefined> {
  const exchange = await postToEndpoint(url, '{}', {}, timeoutMs);
  return exchange.failure === 'dropped' && UNREACHABLE.has(exchange.cause ?? '')
    ? exchange.cause
    : undefined;
}

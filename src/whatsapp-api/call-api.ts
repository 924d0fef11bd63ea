import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { parseErrorBody } from './parse-error-body';
import type { CallPolicy } from './whatsapp-api-config';
import { WhatsAppApiError } from './whatsapp-api-error';

export interface ApiRequest<T extends z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** A JSON object, form fields (URLSearchParams) or a multipart form. */
  body?: Record<string, unknown> | URLSearchParams | FormData;
  /** What is being attempted, in words, for errors: "publish the Flow". */
  operation: string;
  /**
   * True when repeating the request cannot do anything twice (reads, publish, an upload that
   * replaces). Sends, creates and migrations are never repeated.
   */
  repeatable: boolean;
  schema: T;
}

const RETRY_STATUS = (status: number) => status === 429 || status >= 500;
/** Never wait longer than this for a Retry-After. */
const MAX_BACKOFF_MS = 10_000;

/**
 * One call to a provider: a timeout on every attempt, backoff retries only for repeatable requests
 * that met a 429, a 5xx, a network error or a timeout, the answer parsed with zod. Every failure
 * is a WhatsAppApiError.
 */
export async function callApi<T extends z.ZodType>(
  policy: CallPolicy,
  request: ApiRequest<T>,
): Promise<z.output<T>> {
  const attempts = request.repeatable ? policy.retries + 1 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(policy, request);
    } catch (err) {
      if (!(err instanceof WhatsAppApiError) || !err.retryable || attempt >= attempts) throw err;
      await sleep(backoff(policy, attempt, err));
    }
  }
}

function backoff(policy: CallPolicy, attempt: number, err: WhatsAppApiError): number {
  const retryAfter = retryAfterMs.get(err);
  const exponential = policy.retryBaseMs * 2 ** (attempt - 1);
  // Jitter spreads the retries of many clients hitting the same limit.
  const wait = retryAfter ?? exponential * (0.5 + Math.random() / 2);
  return Math.min(wait, MAX_BACKOFF_MS);
}

const retryAfterMs = new WeakMap<WhatsAppApiError, number>();

function encodeBody(body: ApiRequest<z.ZodType>['body']): {
  body?: string | URLSearchParams | FormData;
  contentType?: string;
} {
  if (body === undefined) return {};
  if (body instanceof URLSearchParams || body instanceof FormData) return { body };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

async function attemptOnce<T extends z.ZodType>(
  policy: CallPolicy,
  request: ApiRequest<T>,
): Promise<z.output<T>> {
  const host = new URL(request.url).host;
  const { operation } = request;
  const encoded = encodeBody(request.body);
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(encoded.contentType && { 'content-type': encoded.contentType }),
        ...request.headers,
      },
      body: encoded.body,
      signal: AbortSignal.timeout(policy.timeoutMs),
      // A redirect would carry X-API-Key / D360-API-KEY to wherever it points; no API call needs one.
      redirect: 'error',
    });
    text = await response.text();
  } catch (err) {
    const timedOut = errorField(err, 'name') === 'TimeoutError';
    throw new WhatsAppApiError({
      failure: timedOut ? 'timeout' : 'network',
      operation,
      host,
      providerMessage: timedOut ? undefined : networkReason(err),
      retryable: true,
    });
  }

  if (!response.ok) {
    const provider = parseErrorBody(text);
    const error = new WhatsAppApiError({
      failure: 'http',
      operation,
      host,
      status: response.status,
      code: provider.code,
      subcode: provider.subcode,
      providerMessage: provider.message,
      retryable: RETRY_STATUS(response.status) || provider.transient === true,
    });
    const after = Number(response.headers.get('retry-after'));
    if (Number.isFinite(after) && after > 0) retryAfterMs.set(error, after * 1000);
    throw error;
  }

  let json: unknown;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    throw invalid(operation, host, 'not JSON');
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      operation,
      host,
      `${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

function invalid(operation: string, host: string, reason: string): WhatsAppApiError {
  return new WhatsAppApiError({
    failure: 'invalid-response',
    operation,
    host,
    providerMessage: reason,
    retryable: false,
  });
}

/** A field of a thrown value; fetch's errors may come from another realm, so no `instanceof`. */
function errorField(err: unknown, field: string): unknown {
  return typeof err === 'object' && err !== null
    ? (err as Record<string, unknown>)[field]
    : undefined;
}

/** undici hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`. */
function networkReason(err: unknown): string {
  const cause = errorField(err, 'cause');
  const code = errorField(cause, 'code');
  if (typeof code === 'string') return code;
  const message = errorField(cause, 'message') ?? errorField(err, 'message');
  return typeof message === 'string' ? message : String(err);
}

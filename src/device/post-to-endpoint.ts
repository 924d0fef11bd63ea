/** What came back for one POST: an HTTP answer, or why there was none. */
export interface HttpExchange {
  /** Undefined when no HTTP answer came. */
  status?: number;
  /** `dropped`: the connection closed without an answer; `timeout`: no answer in time. */
  failure?: 'dropped' | 'timeout';
  /** The error behind a dropped connection, e.g. `ECONNRESET`. */
  cause?: string;
  contentType?: string;
  text: string;
  ms: number;
}

/** WhatsApp gives up after 10 s (`timeout_error`). */
export const WHATSAPP_TIMEOUT_MS = 10_000;

/** POSTs raw bytes as WhatsApp does; a network failure is a result, never a throw. */
export async function postToEndpoint(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  timeoutMs: number = WHATSAPP_TIMEOUT_MS,
): Promise<HttpExchange> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? undefined,
      text,
      ms: elapsed(),
    };
  } catch (err) {
    // An abort is a DOMException, which is no Error on Node 20.
    const names = [err, (err as { cause?: unknown } | undefined)?.cause].map((e) =>
      typeof e === 'object' && e !== null && 'name' in e ? e.name : '',
    );
    if (names.includes('TimeoutError') || names.includes('AbortError')) {
      return { failure: 'timeout', text: '', ms: elapsed() };
    }
    return { failure: 'dropped', cause: causeOf(err), text: '', ms: elapsed() };
  }
}

function causeOf(err: unknown): string {
  // Not `instanceof Error`: fetch's errors may come from another realm (a test's VM context).
  const cause =
    typeof err === 'object' && err !== null && 'cause' in err
      ? (err.cause as { code?: unknown; message?: unknown } | undefined)
      : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

import type { KeyObject } from 'node:crypto';
import { openResponse } from '../device/open-response';
import { sealRequest } from '../device/seal-request';
import { signBody } from '../device/sign-body';

export interface EndpointCall {
  status: number;
  /** Wall-clock milliseconds of the HTTP round trip, sealing and opening excluded. */
  ms: number;
  /** The opened answer of a 200; the parsed (or raw) body otherwise. */
  answer: unknown;
  /** Why the answer could not be opened or read, when it could not. */
  failure?: string;
}

export interface SendOptions {
  /** POST /flows/<name> of this very server. */
  url: string;
  request: Record<string, unknown>;
  publicKey: KeyObject;
  /** Unset in development without APP_SECRET: the request then goes unsigned, as the server allows. */
  appSecret: string | undefined;
}

/**
 * Does what the WhatsApp client does with a request: seals it with the business public key, signs
 * it with the app secret, posts it over HTTP and opens the answer with the request's own AES key.
 */
export async function sendToEndpoint(options: SendOptions): Promise<EndpointCall> {
  const sealed = sealRequest(JSON.stringify(options.request), options.publicKey);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.appSecret !== undefined) {
    headers['x-hub-signature-256'] = signBody(sealed.body, options.appSecret);
  }
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(options.url, { method: 'POST', headers, body: sealed.body });
  } catch (err) {
    return { status: 0, ms: elapsed(started), answer: undefined, failure: describe(err) };
  }
  const text = await response.text();
  const ms = elapsed(started);
  if (response.status !== 200) {
    return { status: response.status, ms, answer: parseOrText(text) };
  }
  try {
    return { status: 200, ms, answer: openResponse(text, sealed.aesKey, sealed.iv) };
  } catch (err) {
    return {
      status: 200,
      ms,
      answer: text,
      failure: `response-decryption-error: ${describe(err)}`,
    };
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

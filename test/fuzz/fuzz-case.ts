import { APP_SECRET } from '../helpers/test-app';
import { sign } from '../helpers/whatsapp-client';
import { sealRequest, type SealedRequest } from '../helpers/whatsapp-client';

/**
 * What the endpoint must answer to a case. A case lists every answer that is right for it; most
 * list exactly one.
 */
export type Expected =
  /** A refusal in clear: this status, a JSON body with an `error` kind. */
  | { refused: number }
  /** 200 `{"data":{"status":"active"}}`. */
  | { answer: 'ping' }
  /** 200 `{"data":{"acknowledged":true}}`: an error notification. */
  | { answer: 'acknowledged' }
  /** 427, sealed `{"error_msg": …}`. */
  | { answer: 'token refused' }
  /** 200 `{screen, data}` with `data.error_message` a string: invalid input sends the user back. */
  | { answer: 'input error'; screen: string }
  /** 200 `{screen, data}` without `error_message`: the data happened to be valid. */
  | { answer: 'screen'; screen: string }
  /** 200 SUCCESS carrying the request's flow token. */
  | { answer: 'complete' };

export interface FuzzCase {
  kind: string;
  /** What was done to the request, for the failure message. */
  note: string;
  body: Buffer;
  headers: Record<string, string>;
  /** Set when the body was sealed validly: 200 and 427 answers open with its key and IV. */
  sealed?: SealedRequest;
  flowToken?: string;
  expected: Expected[];
}

/** A case before the schedule names its kind. */
export type Draft = Omit<FuzzCase, 'kind'>;

export const JSON_TYPE = 'application/json';

/** Headers as WhatsApp sends them: JSON and a correct signature of exactly these bytes. */
export function signedHeaders(body: Buffer): Record<string, string> {
  return { 'content-type': JSON_TYPE, 'x-hub-signature-256': sign(body, APP_SECRET) };
}

/** A body posted with a correct signature (so it reaches the steps after the signature check). */
export function signedDraft(note: string, body: Buffer | string, expected: Expected[]): Draft {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return { note, body: bytes, headers: signedHeaders(bytes), expected };
}

/** A plaintext (any bytes, any text, or a value to serialise) sealed, signed and posted. */
export function sealedDraft(
  note: string,
  plaintext: Buffer | string | object,
  expected: Expected[],
  flowToken?: string,
): Draft {
  const bytes = Buffer.isBuffer(plaintext)
    ? plaintext
    : Buffer.from(typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext), 'utf8');
  const sealed = sealRequest(bytes);
  const body = Buffer.from(sealed.body, 'utf8');
  return { note, body, headers: signedHeaders(body), sealed, flowToken, expected };
}

import type { KeyObject } from 'node:crypto';
import { sealedRequests, type SealedBody } from '../lib/sealed-requests';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';

export type RequestKind = 'ping' | 'exchange';

/** A request sealed and signed up front, with what is needed to open its answer. */
export interface PreparedRequest extends SealedBody {
  kind: RequestKind;
}

export interface Secrets {
  publicKey: KeyObject;
  appSecret: string;
  tokenSecret: string;
}

/** The two APPOINTMENT dropdown changes whose answers do not depend on today's date. */
const EXCHANGES = [
  { trigger: 'department_selected', department: 'home' },
  { trigger: 'location_selected', department: 'clothing', location: '2' },
];

function payload(kind: RequestKind, i: number, secrets: Secrets): unknown {
  if (kind === 'ping') return { version: '3.0', action: 'ping' };
  return {
    version: '3.0',
    action: 'data_exchange',
    screen: 'APPOINTMENT',
    data: EXCHANGES[i % EXCHANGES.length],
    flow_token: issueFlowToken({
      flow: 'book-appointment',
      secret: secrets.tokenSecret,
      subject: `load-${i % 1000}`,
    }),
  };
}

/**
 * `count` requests as WhatsApp sends them, each with its own AES key and IV (nothing repeats, so
 * nothing on the server can cache past the RSA decryption); one in `pingEvery` is a ping.
 */
export function prepareRequests(count: number, secrets: Secrets, pingEvery = 3): PreparedRequest[] {
  const kindOf = (i: number): RequestKind =>
    pingEvery > 0 && i % pingEvery === 0 ? 'ping' : 'exchange';
  return sealedRequests(
    count,
    (i) => payload(kindOf(i), i, secrets),
    secrets.publicKey,
    secrets.appSecret,
  ).map((sealed, i) => ({ ...sealed, kind: kindOf(i) }));
}

import type { KeyObject } from 'node:crypto';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';

export type RequestKind = 'ping' | 'exchange';

/** A request sealed and signed up front, with what is needed to open its answer. */
export interface PreparedRequest {
  kind: RequestKind;
  body: Buffer;
  signature: string;
  aesKey: Buffer;
  iv: Buffer;
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
  return Array.from({ length: count }, (_, i) => {
    const kind: RequestKind = pingEvery > 0 && i % pingEvery === 0 ? 'ping' : 'exchange';
    const sealed = sealRequest(JSON.stringify(payload(kind, i, secrets)), secrets.publicKey);
    const body = Buffer.from(sealed.body);
    const signature = signBody(body, secrets.appSecret);
    const { aesKey, iv } = sealed;
    return { kind, body, signature, aesKey, iv };
  });
}

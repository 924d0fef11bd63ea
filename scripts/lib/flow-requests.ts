import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';

/** What the server and its clients share: its own key pair and secrets, made fresh. */
export interface Secrets {
  privateKey: KeyObject;
  publicKey: KeyObject;
  appSecret: string;
  tokenSecret: string;
}

export function freshSecrets(): Secrets {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    appSecret: randomBytes(24).toString('hex'),
    tokenSecret: randomBytes(32).toString('hex'),
  };
}

/** The server's secrets and store, as it reads them from its environment. */
export const serverEnv = (secrets: Secrets, storeUrl: string): Record<string, string> => ({
  APP_SECRET: secrets.appSecret,
  FLOW_TOKEN_SECRET: secrets.tokenSecret,
  PRIVATE_KEY: secrets.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  STORE_URL: storeUrl,
});

export type Kind = 'ping' | 'exchange';

/** A request sealed and signed up front, with what is needed to open its answer. */
export interface PreparedRequest {
  kind: Kind;
  body: Buffer;
  signature: string;
  aesKey: Buffer;
  iv: Buffer;
}

/** APPOINTMENT dropdown changes whose answers do not depend on today's date. */
const EXCHANGES = [
  { trigger: 'department_selected', department: 'home' },
  { trigger: 'location_selected', department: 'clothing', location: '2' },
];

/**
 * `count` requests as WhatsApp sends them, each with its own AES key and IV (nothing repeats, so
 * nothing on the server can cache its way past the RSA decryption), signed. `exchange` is a
 * department chosen on APPOINTMENT by one of a hundred users in the middle of booking: the real
 * handler runs, the flow never completes, so the tokens stay usable. `mixed`: one in three a
 * ping, the others alternating a department and a location choice.
 */
export function prepareRequests(
  secrets: Secrets,
  count: number,
  kind: Kind | 'mixed',
): PreparedRequest[] {
  const tokens = Array.from({ length: 100 }, (_, i) =>
    issueFlowToken({ flow: 'book-appointment', secret: secrets.tokenSecret, subject: `load-${i}` }),
  );
  return Array.from({ length: count }, (_, i) => {
    const kindOf: Kind = kind !== 'mixed' ? kind : i % 3 === 0 ? 'ping' : 'exchange';
    const payload =
      kindOf === 'ping'
        ? { version: '3.0', action: 'ping' }
        : {
            version: '3.0',
            action: 'data_exchange',
            screen: 'APPOINTMENT',
            data: EXCHANGES[kind === 'mixed' ? i % EXCHANGES.length : 0],
            flow_token: tokens[i % tokens.length],
          };
    const { body, aesKey, iv } = sealRequest(JSON.stringify(payload), secrets.publicKey);
    const bytes = Buffer.from(body);
    return { kind: kindOf, body: bytes, signature: signBody(bytes, secrets.appSecret), aesKey, iv };
  });
}

import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { sealedRequests, type SealedBody } from '../lib/sealed-requests';

/** What the bench's server and its clients share: its own key pair and secrets, made fresh. */
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

export type Kind = 'ping' | 'exchange';

/**
 * Makes `count` unique sealed and signed requests of a kind. `exchange` is a department chosen on
 * APPOINTMENT, which runs the real handler (availability, answer checked against flow.json) with a
 * valid flow token; it never completes the flow, so the tokens stay usable for the whole run.
 */
export function requestMaker(secrets: Secrets): (kind: Kind, count: number) => SealedBody[] {
  // A hundred users in the middle of booking.
  const tokens = Array.from({ length: 100 }, (_, i) =>
    issueFlowToken({
      flow: 'book-appointment',
      secret: secrets.tokenSecret,
      subject: `bench-${i}`,
    }),
  );
  const payloads: Record<Kind, (i: number) => unknown> = {
    ping: () => ({ version: '3.0', action: 'ping' }),
    exchange: (i) => ({
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      data: { trigger: 'department_selected', department: 'home' },
      flow_token: tokens[i % tokens.length],
    }),
  };
  return (kind, count) =>
    sealedRequests(count, payloads[kind], secrets.publicKey, secrets.appSecret);
}

/** The production environment the server gets: everything explicit, nothing from a .env. */
export function serverEnv(
  secrets: Secrets,
  dbFile: string,
  workers: number,
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    APP_SECRET: secrets.appSecret,
    FLOW_TOKEN_SECRET: secrets.tokenSecret,
    PRIVATE_KEY: secrets.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    STORE_URL: `sqlite:${dbFile}`,
    WEB_CONCURRENCY: String(workers),
  };
}

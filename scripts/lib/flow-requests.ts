import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { openResponse } from '../../src/device/open-response';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { isRecord } from '../../src/util/is-record';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';

/** The server's key pair and secrets, made fresh for a run. */
export type Secrets = ReturnType<typeof freshSecrets>;
export function freshSecrets() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return { privateKey, publicKey, appSecret: hex(24), tokenSecret: hex(32) };
}

export const serverEnv = (secrets: Secrets, storeUrl: string): Record<string, string> => ({
  APP_SECRET: secrets.appSecret,
  FLOW_TOKEN_SECRET: secrets.tokenSecret,
  PRIVATE_KEY: secrets.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  STORE_URL: storeUrl,
});

export type Kind = 'ping' | 'exchange';
export type PreparedRequest = ReturnType<typeof prepareRequests>[number];

/** APPOINTMENT dropdown changes whose answers do not depend on today's date. */
const EXCHANGES = [
  { trigger: 'department_selected', department: 'home' },
  { trigger: 'location_selected', department: 'clothing', location: '2' },
];

/** A tenant of a partner deployment, as a load sees it: where its flows are, and its key. */
export interface LoadTenant {
  id: string;
  publicKey: KeyObject;
}

/**
 * Requests as WhatsApp sends them, each with its own AES key and IV, so nothing can cache its way
 * past the RSA decryption. `exchange`: a choice on APPOINTMENT by one of a hundred users
 * mid-booking (the real handler runs; tokens stay usable). `mixed`: one in three a ping. Given
 * `tenants`, request `i` goes to tenant `i % tenants.length`: its URL, its key, its tokens.
 */
export function prepareRequests(
  secrets: Secrets,
  count: number,
  kind: Kind | 'mixed',
  tenants?: readonly LoadTenant[],
) {
  const users = tenants?.length ?? 100;
  const tokens = Array.from({ length: users }, (_, i) =>
    issueFlowToken({
      flow: 'book-appointment',
      secret: secrets.tokenSecret,
      subject: `load-${i}`,
      ...(tenants && { tenant: tenants[i]?.id }),
    }),
  );
  return Array.from({ length: count }, (_, i) => {
    const kindOf: Kind = kind !== 'mixed' ? kind : i % 3 === 0 ? 'ping' : 'exchange';
    const tenant = tenants?.[i % users];
    const payload =
      kindOf === 'ping'
        ? { action: 'ping' }
        : {
            action: 'data_exchange',
            screen: 'APPOINTMENT',
            data: EXCHANGES[kind === 'mixed' ? i % 2 : 0],
            flow_token: tokens[i % users],
          };
    const sealed = sealRequest(
      JSON.stringify({ version: '3.0', ...payload }),
      tenant?.publicKey ?? secrets.publicKey,
    );
    const body = Buffer.from(sealed.body);
    return {
      ...sealed,
      kind: kindOf,
      body,
      signature: signBody(body, secrets.appSecret),
      ...(tenant && { path: `/t/${tenant.id}/flows/book-appointment` }),
    };
  });
}

const rightAnswer = (answer: unknown, kind: Kind): boolean => {
  if (!isRecord(answer) || !isRecord(answer.data)) return false;
  const { data } = answer;
  if (kind === 'ping') return data.status === 'active' && Object.keys(answer).length === 1;
  const listed = ['department', 'location', 'date', 'time'].every((f) => Array.isArray(data[f]));
  return answer.screen === 'APPOINTMENT' && listed && !('error_message' in data);
};

/** What is wrong with an answer: anything but a 200 that opens to the expected screen (or an allowed 503). */
function checkAnswer(request: PreparedRequest, status: number, text: string, allow503 = false) {
  if (status === 503 && allow503 && text.includes('"store_unavailable"')) return undefined;
  if (status !== 200) return `status ${status}: ${text.slice(0, 120)}`;
  try {
    return rightAnswer(openResponse(text, request.aesKey, request.iv), request.kind)
      ? undefined
      : `200 with the wrong answer`;
  } catch (err) {
    return `200 that does not open: ${(err as Error).message}`;
  }
}

/**
 * Prepared requests as a load on the flow: each sent once, in order (again from the first if a
 * timed run outlasts them), its answer checked.
 */
export const flowLoad = (port: number, requests: PreparedRequest[], allow503 = false) => ({
  port,
  path: '/flows/book-appointment',
  bodies: requests,
  count: requests.length,
  check: (i: number, status: number, text: string) =>
    checkAnswer(requests[i % requests.length] as PreparedRequest, status, text, allow503),
});

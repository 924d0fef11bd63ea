import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { FlowContract } from '../../contract/flow-contract';
import { isRecord } from '../../util/is-record';
import { checkDeviceAnswer, describeProblem } from '../check-answer';
import { openAnswer } from '../device-channel';
import { reasonOf } from '../flow-exchange';
import { postToEndpoint, WHATSAPP_TIMEOUT_MS, type HttpExchange } from '../post-to-endpoint';
import { sealRequest } from '../seal-request';
import { signBody } from '../sign-body';
import { checkTls, type TlsOptions } from './check-tls';
import { fail, ok, warn, type DoctorLine } from './doctor-line';
import { percentile } from './percentile';

export interface DoctorOptions {
  url: string;
  publicKey: KeyObject;
  appSecret?: string;
  flowToken?: string;
  /** Where the flow token comes from, said when the endpoint refuses it. */
  flowTokenOrigin?: string;
  /**
   * Why INIT is not played although a token is at hand: the flow has no INIT handler, so its
   * messages open it with navigate and WhatsApp never sends it one. Reported as a warning.
   */
  skipInit?: string;
  /** The flow's contract: the INIT answer is then checked as the device checks it. */
  contract?: FlowContract;
  /** Pings for the latency figures. */
  pings?: number;
  /** The whole run stops sending after this. */
  timeLimitMs?: number;
  tls?: TlsOptions;
  /** Called as each check finishes, for progress. */
  onLine?: (line: DoctorLine) => void;
}

export const DEFAULT_PINGS = 10;
export const DEFAULT_TIME_LIMIT_MS = 60_000;
/** Meta alerts on a p90 above 1 s and asks for well under it. */
const LATENCY_LIMIT_MS = 1000;

const PING = { version: '3.0', action: 'ping' };
const SIGNATURE_FIX =
  'verify X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret) and answer 432 when it fails';

/**
 * Plays WhatsApp's checks against a Flows endpoint: TLS, the health check, latency, a request for
 * another key (421), bad signatures (432) and garbage (a 4xx, never a 5xx or a dropped
 * connection), and an INIT when a flow token is given (a warning instead for a flow that opens
 * without one). Bounded in requests and in time.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  const probe = createProbe(options);
  for (const check of checksFor(options)) {
    const result =
      probe.remaining() > 0
        ? await check.run(probe)
        : fail(
            check.name,
            'not run: the time limit was reached',
            'answer faster, or raise --time-limit',
          );
    for (const line of Array.isArray(result) ? result : [result]) {
      lines.push(line);
      options.onLine?.(line);
    }
  }
  return lines;
}

/** What every check sends with: the options, and posts bounded by the run's time limit. */
interface Probe {
  options: DoctorOptions;
  remaining: () => number;
  post: (body: string | Buffer, headers: Record<string, string>) => Promise<HttpExchange>;
  signed: (body: string | Buffer) => Record<string, string>;
}

interface DoctorCheck {
  name: string;
  run: (probe: Probe) => Promise<DoctorLine | DoctorLine[]>;
}

function createProbe(options: DoctorOptions): Probe {
  const deadline = Date.now() + (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  const remaining = () => Math.min(WHATSAPP_TIMEOUT_MS, deadline - Date.now());
  return {
    options,
    remaining,
    post: (body, headers) => postToEndpoint(options.url, body, headers, Math.max(1, remaining())),
    signed: (body): Record<string, string> =>
      options.appSecret ? { 'x-hub-signature-256': signBody(body, options.appSecret) } : {},
  };
}

function checksFor(options: DoctorOptions): DoctorCheck[] {
  return [
    { name: 'TLS', run: () => checkTls(new URL(options.url), options.tls) },
    { name: 'health check', run: healthCheck },
    { name: 'latency', run: latency },
    { name: 'wrong key', run: wrongKey },
    { name: 'signature', run: signatures },
    { name: 'garbage', run: garbage },
    ...(options.skipInit !== undefined
      ? [{ name: 'INIT', run: async () => warn('INIT', `not played: ${options.skipInit}`) }]
      : options.flowToken === undefined
        ? []
        : [{ name: 'INIT', run: init }]),
  ];
}

async function sendPing(probe: Probe, payload: unknown = PING) {
  const { options, post, signed } = probe;
  const sealed = sealRequest(JSON.stringify(payload), options.publicKey);
  const exchange = await post(sealed.body, signed(sealed.body));
  const opened =
    exchange.status === 200 ? openAnswer(exchange.text, sealed.aesKey, sealed.iv) : undefined;
  return { exchange, opened };
}

async function healthCheck(probe: Probe): Promise<DoctorLine> {
  const check = 'health check';
  const { exchange, opened } = await sendPing(probe);
  if (exchange.status !== 200) return failedStatus(check, exchange, 200);
  if (!opened || 'openError' in opened) {
    return fail(
      check,
      opened?.openError ?? 'no answer',
      'answer AES-128-GCM with the request key and the IV with every bit inverted, as Base64 text',
    );
  }
  const status =
    isRecord(opened.answer) && isRecord(opened.answer.data) ? opened.answer.data.status : undefined;
  if (status !== 'active') {
    return fail(
      check,
      `answered ${JSON.stringify(opened.answer).slice(0, 80)}`,
      'answer a ping with {"data":{"status":"active"}}',
    );
  }
  const type = exchange.contentType ?? '(none)';
  return ok(
    check,
    `200, {"data":{"status":"active"}} under the inverted IV, Base64 text (${type}), ${exchange.ms} ms`,
  );
}

async function latency(probe: Probe): Promise<DoctorLine> {
  const { options, remaining } = probe;
  const check = 'latency';
  const samples: number[] = [];
  const wanted = options.pings ?? DEFAULT_PINGS;
  for (let i = 0; i < wanted && remaining() > 0; i++) {
    const { exchange } = await sendPing(probe);
    if (exchange.status !== 200) return failedStatus(check, exchange, 200);
    samples.push(exchange.ms);
  }
  const p50 = percentile(samples, 50);
  const p90 = percentile(samples, 90);
  const figures = `p50 ${p50} ms, p90 ${p90} ms over ${samples.length} pings`;
  return p90 < LATENCY_LIMIT_MS
    ? ok(check, `${figures} (Meta's limit: 1 s)`)
    : fail(
        check,
        `${figures}: above Meta's 1 s`,
        'answer well under 1 s: Meta alerts on a p90 above 1 s and WhatsApp gives up at 10 s',
      );
}

async function wrongKey(probe: Probe): Promise<DoctorLine> {
  const { post, signed } = probe;
  const check = 'wrong key';
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  const sealed = sealRequest(JSON.stringify(PING), other);
  const exchange = await post(sealed.body, signed(sealed.body));
  return exchange.status === 421
    ? ok(check, `421 for a request sealed with another public key, ${exchange.ms} ms`)
    : failedStatus(
        check,
        exchange,
        421,
        'answer 421 when the request cannot be decrypted, so that WhatsApp re-fetches the public key and retries',
      );
}

async function signatures(probe: Probe): Promise<DoctorLine[]> {
  const { options, post } = probe;
  if (!options.appSecret) {
    return [
      warn(
        'signature',
        'not checked without --app-secret',
        'pass --app-secret to check that bad signatures are refused with 432',
      ),
    ];
  }
  const sealed = sealRequest(JSON.stringify(PING), options.publicKey);
  const cases: [string, Record<string, string>][] = [
    [
      'signature: bad',
      { 'x-hub-signature-256': signBody(sealed.body, `${options.appSecret}-not`) },
    ],
    ['signature: missing', {}],
    ['signature: malformed', { 'x-hub-signature-256': 'sha256=not-hex' }],
  ];
  const lines: DoctorLine[] = [];
  for (const [check, headers] of cases) {
    const exchange = await post(sealed.body, headers);
    lines.push(
      exchange.status === 432
        ? ok(check, `432, ${exchange.ms} ms`)
        : failedStatus(check, exchange, 432, SIGNATURE_FIX),
    );
  }
  return lines;
}

async function garbage(probe: Probe): Promise<DoctorLine[]> {
  const { options, post, signed } = probe;
  const good = JSON.parse(sealRequest(JSON.stringify(PING), options.publicKey).body) as Record<
    string,
    string
  >;
  const flipped = Buffer.from(good.encrypted_flow_data ?? '', 'base64');
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01;
  const cases: [string, string][] = [
    ['garbage: not JSON', '\u0000not json{'],
    ['garbage: fields missing', JSON.stringify({ encrypted_flow_data: good.encrypted_flow_data })],
    ['garbage: bad Base64', JSON.stringify({ ...good, encrypted_aes_key: '***not base64***' })],
    [
      'garbage: GCM tag flipped',
      JSON.stringify({ ...good, encrypted_flow_data: flipped.toString('base64') }),
    ],
  ];
  const lines: DoctorLine[] = [];
  for (const [check, body] of cases) {
    const exchange = await post(body, signed(body));
    const status = exchange.status;
    lines.push(
      status !== undefined && status >= 400 && status < 500
        ? ok(check, `${status}, ${exchange.ms} ms`)
        : failedStatus(
            check,
            exchange,
            '4xx',
            'refuse a malformed request with a 4xx (421 when it cannot be decrypted), never a 5xx or a dropped connection',
          ),
    );
  }
  return lines;
}

async function init(probe: Probe): Promise<DoctorLine> {
  const { options } = probe;
  const check = 'INIT';
  const { exchange, opened } = await sendPing(probe, {
    version: '3.0',
    action: 'INIT',
    flow_token: options.flowToken,
  });
  if (exchange.status === 427) {
    return fail(
      check,
      `427: the endpoint refused the flow token (${reasonOf(exchange.text)})`,
      options.flowTokenOrigin?.startsWith('issued here')
        ? `the flow token was ${options.flowTokenOrigin}: give the endpoint the same FLOW_TOKEN_SECRET, or pass --flow-token with one it issued`
        : 'pass a flow token this endpoint issued and that is still valid',
    );
  }
  if (exchange.status !== 200) return failedStatus(check, exchange, 200);
  if (!opened || 'openError' in opened) {
    return fail(
      check,
      opened?.openError ?? 'no answer',
      'encrypt the answer as for the health check',
    );
  }
  const answer = opened.answer;
  if (!isRecord(answer) || typeof answer.screen !== 'string' || !isRecord(answer.data)) {
    return fail(
      check,
      `answered ${JSON.stringify(answer).slice(0, 80)}`,
      'answer INIT with {"screen": ID, "data": {...}}',
    );
  }
  if (options.contract) {
    const verdict = checkDeviceAnswer(
      options.contract,
      {
        action: 'INIT',
        ...(options.flowToken !== undefined && { flow_token: options.flowToken }),
      },
      answer,
    );
    if (!verdict.ok) {
      return fail(
        check,
        `the device would reject it (${verdict.errorKey}): ${verdict.problems.map(describeProblem).join('; ')}`,
        `answer what ${options.contract.file} declares for screen ${answer.screen}`,
      );
    }
  }
  const fields = Object.keys(answer.data).length;
  const checked = options.contract ? `, as ${options.contract.file} declares` : '';
  return ok(
    check,
    `200, screen ${answer.screen} with ${fields} data field${fields === 1 ? '' : 's'}${checked}, ${exchange.ms} ms`,
  );
}

/** A failure for an unexpected answer (or none), with the fix for what was seen. */
function failedStatus(
  check: string,
  exchange: HttpExchange,
  expected: number | string,
  fix?: string,
): DoctorLine {
  if (exchange.failure === 'dropped') {
    return fail(
      check,
      `connection dropped without an answer (${exchange.cause ?? 'closed'}), expected ${expected}`,
      fix ?? `answer ${expected}`,
    );
  }
  if (exchange.failure === 'timeout') {
    return fail(
      check,
      `no answer within ${Math.round(exchange.ms)} ms, expected ${expected}`,
      'answer within 1 s; WhatsApp gives up at 10 s',
    );
  }
  const status = exchange.status ?? 0;
  const known: Record<number, string> = {
    421: "--public-key must be the public half of the endpoint's private key (or the endpoint cannot decrypt)",
    432: 'the endpoint checks signatures: pass --app-secret with the Meta app secret it uses',
    427: 'the endpoint refused the flow token',
  };
  const seen = `${status}${exchange.text ? ` (${reasonOf(exchange.text)})` : ''}`;
  return fail(
    check,
    `answered ${seen}, expected ${expected}`,
    fix ?? known[status] ?? `answer ${expected}`,
  );
}

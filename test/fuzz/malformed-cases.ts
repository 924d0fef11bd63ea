import { APP_SECRET, issueToken } from '../helpers/test-app';
import { sealRequest, sign, type SealedRequest } from '../helpers/whatsapp-client';

export interface FuzzCase {
  kind: string;
  body: Buffer;
  headers: Record<string, string>;
  /** Set when the body is sealed, to open a 200 answer. */
  sealed?: SealedRequest;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const int = (random: Random, max: number) => Math.floor(random() * max);
const bytes = (random: Random, length: number) =>
  Buffer.from(Array.from({ length }, () => int(random, 256)));

const WEIRD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  ' ',
  'x'.repeat(300),
  [],
  {},
  [1, 2],
  { a: { b: [] } },
  '\u0000',
  '\ud800',
  '💥',
  'DROP TABLE',
];
const ACTIONS = [
  'INIT',
  'BACK',
  'data_exchange',
  'ping',
  'init',
  'Ping',
  'navigate',
  'complete',
  '',
  'DATA_EXCHANGE',
];
const SCREENS = [
  'APPOINTMENT',
  'DETAILS',
  'SUMMARY',
  'TERMS',
  'SUCCESS',
  'NOPE',
  '',
  '../etc',
  'appointment',
];
const FIELDS = [
  'department',
  'location',
  'date',
  'time',
  'name',
  'email',
  'phone',
  'more_details',
  'trigger',
  'error',
  'error_key',
];

function signed(body: Buffer | string): Record<string, string> {
  return { 'x-hub-signature-256': sign(body, APP_SECRET), 'content-type': 'application/json' };
}

function envelope(): { env: Record<string, unknown>; sealed: SealedRequest } {
  const sealed = sealRequest({ version: '3.0', action: 'ping' });
  return { env: JSON.parse(sealed.body) as Record<string, unknown>, sealed };
}

function randomData(random: Random): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (let i = int(random, 6); i > 0; i--) data[pick(random, FIELDS)] = pick(random, WEIRD_VALUES);
  return data;
}

/** One generated malformed (or borderline) request of the given kind. */
const GENERATORS: Record<string, (random: Random) => FuzzCase> = {
  'random bytes': (random) => {
    const body = bytes(random, int(random, 2000));
    return { kind: 'random bytes', body, headers: signed(body) };
  },
  'bad signature header': (random) => {
    const body = Buffer.from(sealRequest({ version: '3.0', action: 'ping' }).body);
    const header = pick(random, [
      '',
      'sha256=',
      `sha256=${'g'.repeat(64)}`,
      `sha1=${'a'.repeat(40)}`,
      sign(body, 'wrong'),
      bytes(random, 40)
        .toString('latin1')
        .replace(/[^\x20-\x7e]/g, 'x'),
    ]);
    return {
      kind: 'bad signature header',
      body,
      headers: { 'x-hub-signature-256': header, 'content-type': 'application/json' },
    };
  },
  'truncated or padded base64': (random) => {
    // Padding with whitespace or a spare "=" can leave the value valid: then a 200 is right.
    const { env, sealed } = envelope();
    const field = pick(random, ['encrypted_flow_data', 'encrypted_aes_key', 'initial_vector']);
    const value = String(env[field]);
    env[field] =
      random() < 0.5
        ? value.slice(0, int(random, value.length))
        : `${value}${pick(random, ['=', '==', 'A', 'AAAA', '!', ' ', '\n'])}`;
    const body = Buffer.from(JSON.stringify(env));
    return { kind: 'truncated or padded base64', body, headers: signed(body), sealed };
  },
  'wrong field types': (random) => {
    const { env } = envelope();
    env[pick(random, ['encrypted_flow_data', 'encrypted_aes_key', 'initial_vector'])] = pick(
      random,
      WEIRD_VALUES.filter((v) => typeof v !== 'string'),
    );
    if (random() < 0.3)
      delete env[pick(random, ['encrypted_flow_data', 'encrypted_aes_key', 'initial_vector'])];
    const body = Buffer.from(JSON.stringify(random() < 0.1 ? [env] : env));
    return { kind: 'wrong field types', body, headers: signed(body) };
  },
  'deeply nested json': (random) => {
    const depth = 1000 + int(random, 20000);
    const body = Buffer.from(
      random() < 0.5
        ? '['.repeat(depth) + ']'.repeat(depth)
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    );
    return { kind: 'deeply nested json', body, headers: signed(body) };
  },
  unicode: (random) => {
    const { env } = envelope();
    env.encrypted_flow_data = pick(random, ['💥💥', 'é'.repeat(50), '\ud800\udc00', 'ｆｕｌｌ']);
    const text = JSON.stringify(env).replace(
      '"initial_vector"',
      random() < 0.5 ? '"initial_vector"' : '"initial\\ud800vector"',
    );
    const body =
      random() < 0.3
        ? Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xfe, 0xc3])])
        : Buffer.from(text);
    return { kind: 'unicode', body, headers: signed(body) };
  },
  'garbage plaintext': (random) => {
    const plaintext = pick(random, [
      bytes(random, int(random, 200)).toString('latin1'),
      'not json',
      '[]',
      'null',
      '"ping"',
      '{"action":5}',
      '{',
      JSON.stringify({ version: 3, action: ['ping'] }),
    ]);
    const sealed = sealRequest(plaintext);
    return {
      kind: 'garbage plaintext',
      body: Buffer.from(sealed.body),
      headers: signed(sealed.body),
    };
  },
  'wrong actions, screens and data': (random) => {
    const payload: Record<string, unknown> = {
      version: pick(random, ['3.0', '4.0', 3, undefined]),
      action: pick(random, ACTIONS),
      screen: pick(random, SCREENS),
      data: random() < 0.9 ? randomData(random) : pick(random, WEIRD_VALUES),
      flow_token:
        random() < 0.7
          ? issueToken('book-appointment', `fuzz-${int(random, 50)}`)
          : pick(random, ['bogus', '', 'flows-builder-x', issueToken('other-flow')]),
    };
    if (random() < 0.1) payload.flow_token_signature = pick(random, ['x.y.z', 'garbage', '']);
    const sealed = sealRequest(payload);
    return {
      kind: 'wrong actions, screens and data',
      body: Buffer.from(sealed.body),
      headers: signed(sealed.body),
      sealed,
    };
  },
  'wrong content type': (random) => {
    const sealed = sealRequest({ version: '3.0', action: 'ping' });
    const type = pick(random, [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'application/xml',
      'application/json; charset=utf-16',
    ]);
    return {
      kind: 'wrong content type',
      body: Buffer.from(sealed.body),
      headers: { ...signed(sealed.body), 'content-type': type },
      sealed,
    };
  },
};

export const KINDS = Object.keys(GENERATORS);

export function fuzzCase(kind: string, random: Random): FuzzCase {
  return (GENERATORS[kind] as (random: Random) => FuzzCase)(random);
}

/** A few bodies around the 1 MiB limit: slow to generate and send, so only a handful. */
export function hugeCases(): FuzzCase[] {
  return [1024 * 1024 - 200, 1024 * 1024 + 1, 3 * 1024 * 1024].map((size) => {
    const body = Buffer.from(
      JSON.stringify({
        encrypted_flow_data: 'A'.repeat(size),
        encrypted_aes_key: 'A',
        initial_vector: 'A',
      }),
    );
    return { kind: 'huge json', body, headers: signed(body) };
  });
}

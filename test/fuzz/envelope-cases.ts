import { APP_SECRET } from '../helpers/test-app';
import { sign } from '../helpers/whatsapp-client';
import { JSON_TYPE, signedDraft, signedHeaders, type Draft, type Expected } from './fuzz-case';
import { chance, int, pick, randomAscii, randomBytes, type Random } from './prng';
import { sealRequest, type SealedRequest } from '../helpers/whatsapp-client';
import { NOT_STRINGS } from './screen-data-cases';

/**
 * Cases that break the outer request: the bytes, the signature header, the envelope's JSON and
 * its three Base64 fields. A ping is sealed inside, so a 200 can only be the ping's answer.
 */
const FIELDS = ['encrypted_flow_data', 'encrypted_aes_key', 'initial_vector'] as const;
const PING: Expected = { answer: 'ping' };

interface Envelope {
  sealed: SealedRequest;
  fields: Record<string, unknown>;
}

function sealedPing(): Envelope {
  const sealed = sealRequest(Buffer.from('{"version":"3.0","action":"ping"}'));
  return { sealed, fields: JSON.parse(sealed.body) as Record<string, unknown> };
}

/** A body whose envelope decrypts to the ping, posted with a correct signature. */
function pingDraft(note: string, envelope: Envelope, body: Buffer | string, expected: Expected[]) {
  return { ...signedDraft(note, body, expected), sealed: envelope.sealed };
}

function randomBody(random: Random): Draft {
  const body = randomBytes(random, int(random, 2000));
  return signedDraft(`${body.length} random bytes`, body, [{ refused: 400 }]);
}

function badSignature(random: Random): Draft {
  const envelope = sealedPing();
  const body = Buffer.from(envelope.sealed.body);
  const good = sign(body, APP_SECRET);
  const header = pick(random, [
    undefined,
    '',
    'sha256=',
    `sha256=${'g'.repeat(64)}`,
    `sha256=${good.slice(7, 70)}`,
    `${good}0`,
    `sha1=${good.slice(7, 47)}`,
    `SHA256=${good.slice(7)}`,
    `sha256 ${good.slice(7)}`,
    `${good},${good}`,
    sign(body, 'wrong-secret'),
    sign(Buffer.concat([body, Buffer.from(' ')]), APP_SECRET),
    randomAscii(random, int(random, 100)),
    `sha256=${randomBytes(random, 32).toString('hex')}`,
  ]);
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  if (header !== undefined) headers['x-hub-signature-256'] = header;
  return {
    note: `signature ${JSON.stringify(header)}`,
    body,
    headers,
    expected: [{ refused: 432 }],
  };
}

/** Truncated, padded, or with a character no Base64 has: never decrypts, unless it is the same. */
function damagedBase64(random: Random): Draft {
  const envelope = sealedPing();
  const field = pick(random, FIELDS);
  const value = String(envelope.fields[field]);
  const roll = random();
  let damaged: string;
  if (roll < 0.4) damaged = value.slice(0, int(random, value.length));
  else if (roll < 0.6) damaged = value + pick(random, ['A', 'AA', 'AAAA', '=', '===', 'A=', '=A']);
  else if (roll < 0.8) {
    const at = int(random, value.length);
    damaged =
      value.slice(0, at) + pick(random, ['!', '-', '_', '.', '%', '\u0000']) + value.slice(at);
  } else
    damaged = pick(random, [value.replace(/\+/g, '-').replace(/\//g, '_'), value.repeat(2), '=']);
  envelope.fields[field] = damaged;
  // Damage a lenient decoder reads as the same bytes may open; then only the ping's answer is right.
  const same = Buffer.from(damaged, 'base64').equals(Buffer.from(value, 'base64'));
  const expected: Expected[] = same ? [{ refused: 421 }, PING] : [{ refused: 421 }];
  return pingDraft(
    `${field} ${JSON.stringify(damaged.slice(-12))} (${damaged.length} chars)`,
    envelope,
    JSON.stringify(envelope.fields),
    expected,
  );
}

function wrongFieldTypes(random: Random): Draft {
  const envelope = sealedPing();
  const roll = random();
  let body: unknown = envelope.fields;
  let note: string;
  if (roll < 0.5) {
    const field = pick(random, FIELDS);
    envelope.fields[field] = pick(random, NOT_STRINGS);
    note = `${field} = ${JSON.stringify(envelope.fields[field])}`;
  } else if (roll < 0.8) {
    const field = pick(random, FIELDS);
    delete envelope.fields[field];
    note = `${field} missing`;
  } else {
    body = pick(random, [
      [envelope.fields],
      null,
      5,
      'text',
      true,
      {},
      [],
      { data: envelope.fields },
    ]);
    note = `envelope ${JSON.stringify(body).slice(0, 40)}`;
  }
  return signedDraft(note, JSON.stringify(body), [{ refused: 400 }]);
}

/** Bytes that are not UTF-8, lone surrogates, look-alike characters, in and around the envelope. */
function unicodeEnvelope(random: Random): Draft {
  const envelope = sealedPing();
  const text = JSON.stringify(envelope.fields);
  const field = pick(random, FIELDS);
  const value = String(envelope.fields[field]);
  const roll = random();
  if (roll < 0.2) {
    // Invalid UTF-8 inside a value: decoded as U+FFFD, which is no Base64.
    const at = text.indexOf(value) + int(random, value.length);
    const bytes = pick(random, [
      [0xff],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ]);
    const body = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from(bytes),
      Buffer.from(text.slice(at)),
    ]);
    return pingDraft(`invalid UTF-8 in ${field}`, envelope, body, [{ refused: 421 }]);
  }
  if (roll < 0.35) {
    // Invalid UTF-8 where the JSON's structure is.
    const body = Buffer.from(text.replace('":"', '":\u0000"'));
    body[text.indexOf('":"') + 2] = 0xff;
    return signedDraft('invalid UTF-8 between a name and its value', body, [{ refused: 400 }]);
  }
  if (roll < 0.5) {
    const name = pick(random, ['\\ud800', '\\udfff', '\\u0000']);
    const body = text.replace(`"${field}"`, `"${field}${name}"`);
    return signedDraft(`escaped ${name} in the name ${field}`, body, [{ refused: 400 }]);
  }
  if (roll < 0.65) {
    const odd = pick(random, ['\\ud800', '💥', 'ｆｕｌｌ', 'é', '\u200b', '٣']);
    const at = int(random, value.length);
    envelope.fields[field] =
      value.slice(0, at) + (odd.startsWith('\\') ? '\ud800' : odd) + value.slice(at);
    return pingDraft(`${odd} inside ${field}`, envelope, JSON.stringify(envelope.fields), [
      { refused: 421 },
    ]);
  }
  if (roll < 0.8) {
    // \u escapes of plain Base64 characters: the same string once parsed, so the ping opens.
    const escaped = value.replace(/[A-Za-z]/g, (c) =>
      chance(random, 0.3) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c,
    );
    const body = text.replace(`"${value}"`, `"${escaped}"`);
    return pingDraft(`\\u escapes in ${field}`, envelope, body, [PING]);
  }
  if (roll < 0.9) {
    const body = Buffer.from(text, 'utf16le');
    return signedDraft('the envelope as UTF-16', body, [{ refused: 400 }]);
  }
  // A byte-order mark: JSON.parse refuses it; stripping it and answering would be right too.
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  return pingDraft('a UTF-8 byte-order mark before the envelope', envelope, body, [
    { refused: 400 },
    PING,
  ]);
}

/** 10 000 levels and more of `[` or `{`: parsers that recurse run out of stack. */
function deeplyNested(random: Random): Draft {
  // Deep enough for any recursive parser, small enough to stay under the 1 MiB limit.
  const depth = pick(random, [10_000, 50_000, 100_000]);
  const arrays = chance(random, 0.6);
  const open = arrays ? '[' : '{"a":';
  const close = arrays ? ']' : '}';
  const balanced = chance(random, 0.7);
  const nested = open.repeat(depth) + (arrays ? '' : '1') + (balanced ? close.repeat(depth) : '');
  const roll = random();
  if (roll < 0.6) return signedDraft(`${depth} levels of ${open}`, nested, [{ refused: 400 }]);
  const envelope = sealedPing();
  const field = pick(random, FIELDS);
  const body = JSON.stringify(envelope.fields).replace(
    `"${String(envelope.fields[field])}"`,
    nested,
  );
  return signedDraft(`${field} nested ${depth} levels`, body, [{ refused: 400 }]);
}

/** Flow routes take JSON only; a missing content type is tolerated. */
function contentTypes(random: Random): Draft {
  const envelope = sealedPing();
  const body = Buffer.from(envelope.sealed.body);
  const headers = signedHeaders(body);
  const type = pick(random, [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/jsonp',
    'application/json-patch+json',
    'json',
    '*/*',
    '',
    undefined,
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
  ]);
  const isJson = type === undefined || /^application\/json\s*(;|$)/i.test(type);
  if (type === undefined) delete headers['content-type'];
  else headers['content-type'] = type;
  return {
    note: `content type ${JSON.stringify(type)}`,
    body,
    headers,
    sealed: envelope.sealed,
    expected: isJson ? [PING] : [{ refused: 415 }],
  };
}

export const envelopeCases = {
  'random bytes': randomBody,
  'malformed signature header': badSignature,
  'truncated or padded Base64': damagedBase64,
  'envelope fields of the wrong type': wrongFieldTypes,
  'unicode and invalid UTF-8 in the envelope': unicodeEnvelope,
  'deeply nested JSON': deeplyNested,
  'wrong content type': contentTypes,
};

const MIB = 1024 * 1024;

/**
 * Bodies around the 1 MiB limit: just under it (read, then refused as undecryptable), exactly at
 * it, and over it (413 before anything is read). Slow to send, so only these few.
 */
export function hugeCases(): Draft[] {
  const envelope = (size: number) => {
    const { fields } = sealedPing();
    const frame = JSON.stringify({ ...fields, encrypted_flow_data: '' });
    return JSON.stringify({ ...fields, encrypted_flow_data: 'A'.repeat(size - frame.length) });
  };
  const half = (MIB - 40) / 2;
  const nested = `{"encrypted_flow_data":${'['.repeat(half)}${']'.repeat(half)}}`;
  return [
    signedDraft('1 MiB - 100 bytes of envelope', envelope(MIB - 100), [{ refused: 421 }]),
    signedDraft('exactly 1 MiB of envelope', envelope(MIB), [{ refused: 421 }]),
    signedDraft(`${nested.length} bytes of nested arrays`, nested, [{ refused: 400 }]),
    signedDraft('1 MiB + 1 byte of envelope', envelope(MIB + 1), [{ refused: 413 }]),
    signedDraft('4 MiB of envelope', envelope(4 * MIB), [{ refused: 413 }]),
  ];
}

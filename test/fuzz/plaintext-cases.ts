import { sealedDraft, type Draft, type Expected } from './fuzz-case';
import { chance, int, pick, randomBytes, type Random } from './prng';
import {
  APPOINTMENT_VARIANTS,
  detailsVariant,
  exchange,
  freshToken,
  nestedSummaryData,
} from './valid-requests';

/**
 * Cases with a valid envelope around a plaintext that is not a valid request: decryption works,
 * so these reach the request parser and the router.
 */
const NOT_REQUESTS: readonly string[] = [
  '',
  'not json',
  '{',
  '{"action":"ping"',
  '[]',
  '[{"action":"ping"}]',
  'null',
  '5',
  'true',
  '"ping"',
  '{}',
  '{"action":5}',
  '{"action":null}',
  '{"action":"PING"}',
  '{"version":"3.0"}',
  '{"version":3,"action":["ping"]}',
  '{"action":"ping"}{"action":"ping"}',
  '{"action":"INIT"}',
  '{"action":"data_exchange","screen":"APPOINTMENT","data":{}}',
  '{"action":"ping",}',
  "{'action':'ping'}",
];

function garbagePlaintext(random: Random): Draft {
  if (chance(random, 0.3)) {
    const bytes = randomBytes(random, int(random, 400));
    return sealedDraft(`${bytes.length} random bytes sealed`, bytes, [{ refused: 400 }]);
  }
  const text = pick(random, NOT_REQUESTS);
  return sealedDraft(`sealed ${JSON.stringify(text)}`, text, [{ refused: 400 }]);
}

/** Byte sequences no UTF-8 decoder accepts: each becomes U+FFFD. */
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xc3],
];

/** DETAILS with valid data but odd text in the name: still valid, so SUMMARY comes next. */
function unicodePlaintext(random: Random): Draft {
  const token = freshToken(random);
  const { data } = detailsVariant(random);
  const request = exchange('DETAILS', { ...data, name: '<NAME>' }, token);
  const text = JSON.stringify(request);
  const summary: Expected[] = [{ answer: 'screen', screen: 'SUMMARY' }];
  const roll = random();
  if (roll < 0.35) {
    const bad = Buffer.from(pick(random, INVALID_UTF8));
    const [before, after] = text.split('<NAME>') as [string, string];
    const plaintext = Buffer.concat([Buffer.from(`${before}Zelda `), bad, Buffer.from(after)]);
    return sealedDraft(
      `invalid UTF-8 ${bad.toString('hex')} in the name`,
      plaintext,
      summary,
      token,
    );
  }
  if (roll < 0.6) {
    const name = pick(random, [
      '\\ud800',
      '\\udfff',
      '\\udc00\\ud800',
      'Zelda \\u0000',
      '\\u202eadleZ',
    ]);
    return sealedDraft(`escaped ${name} in the name`, text.replace('<NAME>', name), summary, token);
  }
  if (roll < 0.8) {
    const name = pick(random, ['Zoë 💥', '山田 太郎', 'زيلدا', 'Z\u0301elda', '\u200bZelda', '🧑‍⚕️']);
    return sealedDraft(`the name ${name}`, text.replace('<NAME>', name), summary, token);
  }
  if (roll < 0.9) {
    // Invalid UTF-8 where a quote should be: no JSON any more.
    const [before, after] = text.split('"<NAME>"') as [string, string];
    const plaintext = Buffer.concat([
      Buffer.from(`${before}`),
      Buffer.from([0xff]),
      Buffer.from(`<NAME>"${after}`),
    ]);
    return sealedDraft('invalid UTF-8 instead of a quote', plaintext, [{ refused: 400 }]);
  }
  // A look-alike of a real id is another id: the department is not offered.
  const lookalike = exchange('DETAILS', { ...data, department: 'h\u043eme' }, token);
  return sealedDraft('Cyrillic o in the department', lookalike, [
    { answer: 'input error', screen: 'DETAILS' },
  ]);
}

/**
 * Deep nesting inside a valid request, where a recursive walk over the data would overflow.
 * WhatsApp never nests this deep, so refusing the whole request (400) is as right as ignoring or
 * rejecting the nested field; only a 5xx or a hang is wrong.
 */
function nestedPlaintext(random: Random): Draft {
  const token = freshToken(random);
  const depth = pick(random, [10_000, 50_000]);
  const nested = chance(random, 0.5)
    ? '['.repeat(depth) + ']'.repeat(depth)
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const { data } = pick(random, APPOINTMENT_VARIANTS);
  const text = JSON.stringify(exchange('APPOINTMENT', { ...data, x_extra: '<NESTED>' }, token));
  const roll = random();
  if (roll < 0.3) {
    return sealedDraft(`${depth} levels as the plaintext`, nested, [{ refused: 400 }]);
  }
  if (roll < 0.55) {
    return sealedDraft(
      `an extra field nested ${depth} levels`,
      text.replace('"<NESTED>"', nested),
      [{ answer: 'screen', screen: 'APPOINTMENT' }, { refused: 400 }],
      token,
    );
  }
  if (roll < 0.8) {
    const broken = text.replace('"<NESTED>"', '"x"').replace('"home"', nested);
    return sealedDraft(`the department nested ${depth} levels`, broken, [
      { answer: 'input error', screen: 'APPOINTMENT' },
      { refused: 400 },
    ]);
  }
  if (roll < 0.9) {
    const asToken = text.replace(JSON.stringify(token), nested);
    return sealedDraft(`the flow token nested ${depth} levels`, asToken, [{ refused: 400 }]);
  }
  // A confirmation is remembered by a hash of its data, so that a resend gets the same SUCCESS:
  // the hash must not walk the nesting into a stack overflow. The first such case books its own
  // slot; later ones find it taken.
  const confirmation = JSON.stringify(
    exchange('SUMMARY', { ...nestedSummaryData(), x_extra: '<NESTED>' }, token),
  );
  return sealedDraft(
    `a SUMMARY confirmation with an extra field nested ${depth} levels`,
    confirmation.replace('"<NESTED>"', nested),
    [{ answer: 'complete' }, { answer: 'input error', screen: 'SUMMARY' }, { refused: 400 }],
    token,
  );
}

export const plaintextCases = {
  'garbage plaintext in a valid envelope': garbagePlaintext,
  'unicode and invalid UTF-8 in the plaintext': unicodePlaintext,
  'deeply nested JSON in the plaintext': nestedPlaintext,
};

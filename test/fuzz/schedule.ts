import { envelopeCases, hugeCases } from './envelope-cases';
import type { Draft, FuzzCase } from './fuzz-case';
import { plaintextCases } from './plaintext-cases';
import { caseSeed, int, prng, type Random } from './prng';
import { requestCases } from './request-cases';
import { screenDataCases } from './screen-data-cases';

type Generator = (random: Random) => Draft;

const GENERATORS: Record<string, Generator> = {
  ...envelopeCases,
  ...plaintextCases,
  ...requestCases,
  ...screenDataCases,
};

/**
 * Cases of each kind per 100. Most carry a correct signature and a valid envelope, so they get
 * past the first checks and exercise the decryption, the parser and the router behind them.
 */
const PER_HUNDRED: Record<keyof typeof GENERATORS, number> = {
  'random bytes': 5,
  'malformed signature header': 7,
  'truncated or padded Base64': 12,
  'envelope fields of the wrong type': 6,
  'unicode and invalid UTF-8 in the envelope': 5,
  'deeply nested JSON': 2,
  'wrong content type': 3,
  'garbage plaintext in a valid envelope': 9,
  'unicode and invalid UTF-8 in the plaintext': 6,
  'deeply nested JSON in the plaintext': 2,
  'unknown or wrong-case actions and screens': 10,
  'invalid flow tokens': 8,
  'error notifications': 5,
  'random extra fields on valid data': 5,
  'screen data of the wrong type or content': 15,
};

const schedules = new Map<number, string[]>();

/** The 100 kinds in a seeded order, so each stretch of the run mixes every kind. */
function scheduleFor(seed: number): string[] {
  const known = schedules.get(seed);
  if (known) return known;
  const slots = Object.entries(PER_HUNDRED).flatMap(([kind, count]) =>
    Array.from({ length: count }, () => kind),
  );
  if (slots.length !== 100) throw new Error(`the kinds add up to ${slots.length}, not 100`);
  const random = prng(seed);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = int(random, i + 1);
    [slots[i], slots[j]] = [slots[j] as string, slots[i] as string];
  }
  schedules.set(seed, slots);
  return slots;
}

/** The case at `index` of the run with `seed`: the same every time, whatever was sent before. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const kind = scheduleFor(seed)[index % 100] as string;
  const generate = GENERATORS[kind] as Generator;
  return { kind, ...generate(prng(caseSeed(seed, index))) };
}

export const KIND_COUNT = Object.keys(PER_HUNDRED).length;

/** The few bodies around 1 MiB, sent apart from the generated ones. */
export function hugeFuzzCases(): FuzzCase[] {
  return hugeCases().map((draft) => ({ kind: 'huge JSON', ...draft }));
}

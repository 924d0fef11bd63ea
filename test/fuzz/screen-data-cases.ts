import { sealedDraft, type Draft, type Expected } from './fuzz-case';
import { chance, pick, type Random } from './prng';
import {
  APPOINTMENT_VARIANTS,
  detailsVariant,
  exchange,
  freshToken,
  summaryVariant,
  type Variant,
} from './valid-requests';

/** Values of every JSON type but string: what a string field must never accept. */
export const NOT_STRINGS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1.5,
  1e308,
  [],
  ['home'],
  {},
  { id: 'home' },
];

/** Strings of the right type and the wrong content, per field: the handler's own checks. */
const WRONG_CONTENT: Record<string, readonly string[]> = {
  trigger: ['nope', 'DEPARTMENT_SELECTED', ''],
  department: ['nope', 'HOME', 'home goods', ''],
  location: ['9', 'nope', ''],
  date: ['1999-01-01', '2026-13-45', 'tomorrow', ''],
  time: ['25:00', '10:01', 'noon', ''],
  name: ['', '   ', 'x'.repeat(101)],
  email: ['not-an-email', 'a@', '@b.c', ''],
  phone: ['call me', '+', '123', '1'.repeat(30)],
  more_details: ['x'.repeat(1001)],
};

interface Screen {
  name: string;
  variant: (random: Random) => Variant;
  /** The screen an invalid field keeps the user on. */
  errorScreen: string;
}

const SCREENS: readonly Screen[] = [
  {
    name: 'APPOINTMENT',
    variant: (random) => pick(random, APPOINTMENT_VARIANTS),
    errorScreen: 'APPOINTMENT',
  },
  { name: 'DETAILS', variant: detailsVariant, errorScreen: 'DETAILS' },
  // A date or time that passes the schema but cannot be booked is a slot gone: SUMMARY says so.
  { name: 'SUMMARY', variant: summaryVariant, errorScreen: 'SUMMARY' },
];

/** One field of a valid request broken: the wrong type, the wrong content, or missing. */
function brokenField(random: Random, screen: Screen): Draft {
  const { data, required } = screen.variant(random);
  const fields = Object.keys(data).filter((field) => field in WRONG_CONTENT);
  const how = pick(random, ['type', 'type', 'content', 'missing'] as const);
  const field = pick(random, how === 'missing' ? required : fields);
  const broken = { ...data };
  if (how === 'missing') delete broken[field];
  else if (how === 'type') broken[field] = pick(random, NOT_STRINGS);
  else broken[field] = pick(random, WRONG_CONTENT[field] ?? ['']);
  const token = freshToken(random);
  const note = `${screen.name}: ${field} ${how === 'missing' ? 'missing' : `= ${JSON.stringify(broken[field])}`}`;
  const expected: Expected = {
    answer: 'input error',
    screen: screen.errorScreen,
  };
  return sealedDraft(note, exchange(screen.name, broken, token), [expected], token);
}

/** `data` itself not an object: an array or a scalar is no request at all; null means "no data". */
function brokenData(random: Random): Draft {
  const screen = pick(random, SCREENS);
  const data = pick(random, [[], [1], 5, 'x', true, null]);
  const token = freshToken(random);
  const expected: Expected =
    data === null ? { answer: 'input error', screen: screen.name } : { refused: 400 };
  return sealedDraft(
    `${screen.name}: data = ${JSON.stringify(data)}`,
    exchange(screen.name, data, token),
    [expected],
    token,
  );
}

/** TERMS has no data_exchange action: whatever it sends, WhatsApp never sends that. */
function termsExchange(random: Random): Draft {
  const token = freshToken(random);
  const data = chance(random, 0.5) ? {} : { ...detailsVariant(random).data, accept: true };
  return sealedDraft('TERMS: data_exchange', exchange('TERMS', data, token), [{ refused: 400 }]);
}

export const screenDataCases = {
  'screen data of the wrong type or content': (random: Random): Draft => {
    const roll = random();
    if (roll < 0.08) return brokenData(random);
    if (roll < 0.14) return termsExchange(random);
    return brokenField(random, pick(random, SCREENS));
  },
};

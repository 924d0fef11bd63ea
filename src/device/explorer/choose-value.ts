import { isRecord } from '../../util/is-record';
import type { RenderedComponent } from '../screen-model/render-screen';
import type { Random } from './random';

/** What a user could put in an input: a value, or nothing to choose from. */
export type Choice = { value: unknown } | { none: string };

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Zoë Ó Briain'];
const WORDS = [
  'Please call before',
  'Wheelchair access needed',
  'Second visit',
  'Ring the bell twice',
];
/** A fixed start for dates without a min-date, so that a seed always gives the same journey. */
const DATE_BASE = '2026-03-02';

/** The options of a data-source component a user can pick: listed, and not disabled. */
export function selectableOptions(input: RenderedComponent): string[] {
  const source = input.props['data-source'];
  if (!Array.isArray(source)) return [];
  return source
    .filter((item) => isRecord(item) && typeof item.id === 'string' && item.enabled !== false)
    .map((item) => (item as { id: string }).id);
}

/**
 * A value for an input, as a user might enter it: one of the options the endpoint sent, text by
 * input type, and with `invalid` set, a value the endpoint should refuse (a bad email, a phone
 * number of letters, text over its limit).
 */
export function chooseValue(input: RenderedComponent, random: Random, invalid: boolean): Choice {
  const props = input.props;
  switch (input.type) {
    case 'Dropdown':
    case 'RadioButtonsGroup': {
      const id = random.pick(selectableOptions(input));
      return id === undefined ? { none: 'no option can be chosen' } : { value: id };
    }
    case 'CheckboxGroup':
    case 'ChipsSelector': {
      const options = selectableOptions(input);
      const min = Math.max(
        numberOr(props['min-selected-items'], 0),
        props.required === true ? 1 : 0,
      );
      const max = Math.min(numberOr(props['max-selected-items'], options.length), options.length);
      if (options.length < min || max < min)
        return { none: `fewer than ${min} options can be chosen` };
      const count = random.int(min, max);
      const shuffled = [...options].sort(() => random.next() - 0.5);
      return { value: shuffled.slice(0, count) };
    }
    case 'OptIn':
      return { value: props.required === true || random.chance(0.7) };
    case 'TextInput':
      return { value: textInput(props, random, invalid) };
    case 'TextArea': {
      const text = random.pick(WORDS) ?? '';
      return { value: invalid ? 'x'.repeat(numberOr(props['max-length'], 600) + 1) : text };
    }
    case 'DatePicker':
      return { value: date(props, random) };
    case 'CalendarPicker': {
      const start = date(props, random);
      return {
        value:
          props.mode === 'range'
            ? { 'start-date': start, 'end-date': addDays(start, random.int(1, 5)) }
            : start,
      };
    }
    default:
      return { none: `${input.type} cannot be filled by the explorer` };
  }
}

function textInput(props: Record<string, unknown>, random: Random, invalid: boolean): string {
  const n = random.int(100, 999);
  switch (props['input-type']) {
    case 'email':
      return invalid ? 'not-an-email' : `user${n}@example.com`;
    case 'phone':
      return invalid ? 'call me maybe' : `+44 7700 900${n}`;
    case 'number':
      return invalid ? 'twelve' : String(n);
    case 'passcode':
      return invalid ? 'abc' : String(random.int(1000, 9999));
    case 'password':
      return invalid ? '' : `Secret-${n}`;
    default: {
      const text = random.pick(NAMES) ?? 'A B';
      const pattern = typeof props.pattern === 'string' ? safeRegExp(props.pattern) : undefined;
      if (pattern && !pattern.test(text)) return String(n);
      return invalid ? 'x'.repeat(numberOr(props['max-chars'], 80) + 1) : text;
    }
  }
}

function date(props: Record<string, unknown>, random: Random): string {
  const min = isoDate(props['min-date']) ?? DATE_BASE;
  const max = isoDate(props['max-date']) ?? addDays(min, 60);
  const unavailable = new Set(
    Array.isArray(props['unavailable-dates']) ? props['unavailable-dates'] : [],
  );
  const span = Math.max(0, Math.round((Date.parse(max) - Date.parse(min)) / 86_400_000));
  for (let attempt = 0; attempt < 10; attempt++) {
    const candidate = addDays(min, random.int(0, span));
    if (!unavailable.has(candidate)) return candidate;
  }
  return min;
}

/** Since Flow JSON 5.0 dates are "YYYY-MM-DD"; before, millisecond timestamps as text. */
function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d+$/.test(value)) return new Date(Number(value)).toISOString().slice(0, 10);
  return undefined;
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const numberOr = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

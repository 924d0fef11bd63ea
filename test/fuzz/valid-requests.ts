import { CONTACT } from '../helpers/appointment-journey';
import { issueToken } from '../helpers/test-app';
import { pick, type Random } from './prng';

/**
 * Valid book-appointment requests (the test app's clock is Monday 2 March 2026, 08:00) for the
 * cases to break one thing at a time. Each case gets its own token, so a flow completed by one
 * case never turns another case's token into a 427.
 */
export const FLOW = 'book-appointment';

export const freshToken = (random: Random): string =>
  issueToken(FLOW, `fuzz-${Math.floor(random() * 1e9)}`);

export type Data = Record<string, unknown>;

export interface Variant {
  data: Data;
  /** Fields whose absence the screen refuses (the others are optional for this variant). */
  required: readonly string[];
}

/** What APPOINTMENT's three dropdowns send; each answers APPOINTMENT again. */
export const APPOINTMENT_VARIANTS: readonly Variant[] = [
  {
    data: { trigger: 'department_selected', department: 'home' },
    required: ['trigger', 'department'],
  },
  {
    data: { trigger: 'location_selected', department: 'home', location: '4' },
    required: ['trigger', 'department'],
  },
  {
    data: { trigger: 'date_selected', department: 'home', location: '4', date: '2026-03-04' },
    required: ['trigger', 'department'],
  },
];

const SLOT_FIELDS = ['department', 'location', 'date', 'time'] as const;
const CONTACT_FIELDS = ['name', 'email', 'phone'] as const;

/** Slots only DETAILS cases use: never booked during the run, so DETAILS always answers SUMMARY. */
const DETAILS_SLOTS = [
  { department: 'home', location: '4', date: '2026-03-04', time: '12:00' },
  { department: 'home', location: '4', date: '2026-03-06', time: '14:00' },
  { department: 'shopping', location: '1', date: '2026-03-03', time: '09:30' },
];

/** The one slot SUMMARY cases confirm: the first wins it, later ones go back to APPOINTMENT. */
const SUMMARY_SLOT = { department: 'home', location: '4', date: '2026-03-04', time: '10:00' };

/** The slot of the SUMMARY cases with deeply nested extra data, so their first one completes. */
const NESTED_SUMMARY_SLOT = {
  department: 'home',
  location: '4',
  date: '2026-03-06',
  time: '10:00',
};

export const nestedSummaryData = (): Data => ({ ...NESTED_SUMMARY_SLOT, ...CONTACT });

export const detailsVariant = (random: Random): Variant => ({
  data: { ...pick(random, DETAILS_SLOTS), ...CONTACT },
  required: [...SLOT_FIELDS, ...CONTACT_FIELDS],
});

export const summaryVariant = (): Variant => ({
  data: { ...SUMMARY_SLOT, ...CONTACT },
  required: [...SLOT_FIELDS, ...CONTACT_FIELDS, 'more_details'],
});

export function exchange(screen: string | undefined, data: unknown, flowToken: unknown): Data {
  return { version: '3.0', action: 'data_exchange', screen, data, flow_token: flowToken };
}

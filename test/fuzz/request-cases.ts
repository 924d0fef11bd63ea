import { issueToken } from '../helpers/test-app';
import { sealedDraft, type Draft, type Expected } from './fuzz-case';
import { chance, int, pick, randomAscii, type Random } from './prng';
import { NOT_STRINGS } from './screen-data-cases';
import {
  APPOINTMENT_VARIANTS,
  detailsVariant,
  exchange,
  FLOW,
  freshToken,
  summaryVariant,
  type Data,
} from './valid-requests';

/** Actions are case-sensitive; none of these is one. */
const UNKNOWN_ACTIONS: readonly unknown[] = [
  'init',
  'Init',
  'back',
  'Ping',
  'PING',
  'DATA_EXCHANGE',
  'Data_Exchange',
  'navigate',
  'complete',
  '',
  ' ping',
  'INIT\u0000',
  5,
  null,
  ['ping'],
  { action: 'ping' },
];
/** Screens data_exchange never comes from: unknown, wrong case, reserved, or TERMS (no exchange). */
const NOT_EXCHANGE_SCREENS: readonly (string | undefined)[] = [
  'NOPE',
  'appointment',
  'APPOINTMENT ',
  'SUCCESS',
  'TERMS',
  '',
  undefined,
  '../DETAILS',
  '__proto__',
  'constructor',
];
/** Screens BACK never comes to: only APPOINTMENT has refresh_on_back. */
const NOT_BACK_SCREENS: readonly (string | undefined)[] = [
  'DETAILS',
  'SUMMARY',
  'TERMS',
  'NOPE',
  '__proto__',
  undefined,
];

/** Random extra fields, never one the protocol gives a meaning to. */
function extraFields(random: Random): Data {
  const extra: Data = {};
  for (let i = 1 + int(random, 4); i > 0; i--) {
    extra[`x_${randomAscii(random, 1 + int(random, 12))}`] = pick(random, [
      ...NOT_STRINGS,
      'text',
      '💥',
      { nested: { deeper: [1, 2, 3] } },
    ]);
  }
  return extra;
}

function actionsAndScreens(random: Random): Draft {
  const token = freshToken(random);
  const roll = random();
  if (roll < 0.3) {
    const action = pick(random, UNKNOWN_ACTIONS);
    const request = { ...exchange('APPOINTMENT', {}, token), action };
    return sealedDraft(`action ${JSON.stringify(action)}`, request, [{ refused: 400 }]);
  }
  if (roll < 0.4) {
    const request = exchange('APPOINTMENT', {}, token);
    delete request.action;
    return sealedDraft('no action', request, [{ refused: 400 }]);
  }
  if (roll < 0.6) {
    const screen = pick(random, NOT_EXCHANGE_SCREENS);
    const data = pick(random, APPOINTMENT_VARIANTS).data;
    return sealedDraft(
      `data_exchange from ${JSON.stringify(screen)}`,
      exchange(screen, data, token),
      [{ refused: 400 }],
    );
  }
  if (roll < 0.65) {
    const screen = pick(random, [5, null, ['APPOINTMENT'], { id: 'APPOINTMENT' }]);
    const request = { ...exchange('APPOINTMENT', {}, token), screen };
    return sealedDraft(`screen ${JSON.stringify(screen)}`, request, [{ refused: 400 }]);
  }
  if (roll < 0.8) {
    const screen = pick(random, NOT_BACK_SCREENS);
    const request = { version: '3.0', action: 'BACK', screen, flow_token: token };
    return sealedDraft(`BACK to ${JSON.stringify(screen)}`, request, [{ refused: 400 }]);
  }
  if (roll < 0.87) {
    const request = { version: '3.0', action: 'BACK', screen: 'APPOINTMENT', flow_token: token };
    return sealedDraft('BACK to APPOINTMENT', request, [
      { answer: 'screen', screen: 'APPOINTMENT' },
    ]);
  }
  if (roll < 0.94) {
    // INIT opens the flow wherever the device says it is, and with whatever data.
    const screen = pick(random, [undefined, '', 'NOPE', 'SUMMARY']);
    const request = {
      version: '3.0',
      action: 'INIT',
      screen,
      data: extraFields(random),
      flow_token: token,
    };
    return sealedDraft(`INIT on ${JSON.stringify(screen)}`, request, [
      { answer: 'screen', screen: 'APPOINTMENT' },
    ]);
  }
  // ping needs nothing else, and ignores whatever else comes with it.
  const request = {
    action: 'ping',
    version: pick(random, ['3.0', '4.0', 3, undefined]),
    flow_token: pick(random, [undefined, 'bogus', 5]),
    screen: pick(random, [undefined, 'NOPE']),
    ...extraFields(random),
  };
  return sealedDraft('ping with extra fields', request, [{ answer: 'ping' }]);
}

/** Tokens that are strings but not ones this server issued for this flow, now. */
function refusedToken(random: Random): string {
  const good = freshToken(random);
  return pick(random, [
    'bogus',
    'a.b',
    `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`,
    `${good} `,
    good.replace('.', '..'),
    issueToken('other-flow', 'fuzz'),
    issueToken(FLOW, 'fuzz', -60),
    'x'.repeat(5000),
    '💥',
    '\ud800',
  ]);
}

function tokens(random: Random): Draft {
  const { data } = pick(random, APPOINTMENT_VARIANTS);
  const roll = random();
  if (roll < 0.6) {
    const token = refusedToken(random);
    return sealedDraft(
      `token ${JSON.stringify(token.slice(0, 40))}`,
      exchange('APPOINTMENT', data, token),
      [{ answer: 'token refused' }],
      token,
    );
  }
  if (roll < 0.8) {
    const token = pick(random, ['', ...NOT_STRINGS]);
    return sealedDraft(`token ${JSON.stringify(token)}`, exchange('APPOINTMENT', data, token), [
      { refused: 400 },
    ]);
  }
  if (roll < 0.9) {
    // Builder-preview tokens are accepted outside production, and the test app is not production.
    const token = `flows-builder-${randomAscii(random, 8).replace(/\W/g, 'x')}`;
    return sealedDraft(
      'builder preview token',
      exchange('APPOINTMENT', data, token),
      [{ answer: 'screen', screen: 'APPOINTMENT' }],
      token,
    );
  }
  // flow_token_signature (data_api_version 4.0): a string that is no JWT of ours is a 432.
  const token = freshToken(random);
  const signature = pick(random, ['', 'x.y.z', 'garbage', 'a.b.c.d', 'eyJhbGciOiJub25lIn0.e30.']);
  const request = {
    ...exchange('APPOINTMENT', data, token),
    version: '4.0',
    flow_token_signature: signature,
  };
  return sealedDraft(`flow_token_signature ${JSON.stringify(signature)}`, request, [
    { refused: 432 },
  ]);
}

/** The device's error notifications: acknowledged before anything else is looked at. */
function errorNotifications(random: Random): Draft {
  const key = pick(random, [
    'INVALID_SCREEN_TRANSITION',
    'payload-schema-error',
    '',
    '💥',
    'x'.repeat(300),
  ]);
  const data: Data = chance(random, 0.5) ? { error: key } : { error_key: key };
  if (chance(random, 0.5)) data.error_message = pick(random, ['Something went wrong', 5, null]);
  const action = pick(random, ['data_exchange', 'INIT', 'BACK']);
  const screen = pick(random, ['APPOINTMENT', 'DETAILS', 'SUMMARY', 'TERMS', 'NOPE', undefined]);
  // Even a refused token is acknowledged: the notification is about our answer, not the user.
  const token = chance(random, 0.7) ? freshToken(random) : refusedToken(random);
  const request = { version: '3.0', action, screen, data, flow_token: token };
  if (chance(random, 0.2)) {
    // A key that is not a string is no notification: the request is routed like any other.
    const notKey = { [pick(random, ['error', 'error_key'])]: pick(random, NOT_STRINGS) };
    const routed = exchange('APPOINTMENT', notKey, freshToken(random));
    return sealedDraft(`error key ${JSON.stringify(notKey)}`, routed, [
      { answer: 'input error', screen: 'APPOINTMENT' },
    ]);
  }
  return sealedDraft(`error notification on ${action} ${String(screen)}`, request, [
    { answer: 'acknowledged' },
  ]);
}

/** Valid data with random extra fields, in the data and beside it: ignored, a normal answer. */
function extraFieldsOnValidData(random: Random): Draft {
  const token = freshToken(random);
  const roll = random();
  const [screen, data, expected]: [string, Data, Expected[]] =
    roll < 0.5
      ? [
          'APPOINTMENT',
          pick(random, APPOINTMENT_VARIANTS).data,
          [{ answer: 'screen', screen: 'APPOINTMENT' }],
        ]
      : roll < 0.85
        ? ['DETAILS', detailsVariant(random).data, [{ answer: 'screen', screen: 'SUMMARY' }]]
        : // Every SUMMARY case confirms the same slot: the first completes, the rest find it taken.
          [
            'SUMMARY',
            summaryVariant().data,
            [{ answer: 'complete' }, { answer: 'input error', screen: 'SUMMARY' }],
          ];
  const request = {
    ...extraFields(random),
    ...exchange(screen, { ...extraFields(random), ...data }, token),
  };
  return sealedDraft(`${screen} with extra fields`, request, expected, token);
}

export const requestCases = {
  'unknown or wrong-case actions and screens': actionsAndScreens,
  'invalid flow tokens': tokens,
  'error notifications': errorNotifications,
  'random extra fields on valid data': extraFieldsOnValidData,
};

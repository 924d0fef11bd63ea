import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePath } from '../../src/util/json-path';
import { locateProblems } from '../../src/flow-json/locate-problems';
import { validateFlowJson } from '../../src/flow-json/validate-flow-json';

// One broken variant per rule of Meta's reference, on the valid base fixture (Flow JSON 7.1):
// each reports exactly one problem, at an exact JSON path and line of the pretty-printed file.
const base: unknown = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'), 'utf8'),
);
type Container = Record<string | number, unknown>;
type Mutation = (json: Container) => void;

function at(json: Container, path: string): { parent: Container; key: string | number } {
  const segments = parsePath(path);
  let parent: Container = json;
  for (const segment of segments.slice(0, -1)) parent = parent[segment] as Container;
  return { parent, key: segments[segments.length - 1] ?? '' };
}
const set =
  (path: string, value: unknown): Mutation =>
  (json) => {
    const { parent, key } = at(json, path);
    parent[key] = value;
  };
const push =
  (path: string, ...values: unknown[]): Mutation =>
  (json) => {
    const { parent, key } = at(json, path);
    (parent[key] as unknown[]).push(...values);
  };
const remove =
  (path: string): Mutation =>
  (json) => {
    const { parent, key } = at(json, path);
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  };

const CHOOSE = 'screens[0].layout.children[0].children';
const DETAILS = 'screens[1].layout.children';
const CONFIRM = 'screens[2].layout.children';
const text = (t: string) => ({ type: 'TextBody', text: t });
const link = {
  type: 'EmbeddedLink',
  text: 'More',
  'on-click-action': { name: 'open_url', url: 'https://x.example' },
};
const navigate = (name: string) => ({
  name: 'navigate',
  next: { type: 'screen', name },
  payload: {},
});

// [rule, mutations, severity, path, message fragment, line]
const variants: [string, Mutation[], 'error' | 'warning', string, string, number][] = [
  [
    'unknown top-level key',
    [set('data_channel', 'x')],
    'error',
    'data_channel',
    'is not a Flow JSON key',
    199,
  ],
  [
    'unknown version',
    [set('version', '8.0')],
    'error',
    'version',
    'unknown Flow JSON version "8.0"',
    2,
  ],
  [
    'data_channel_uri from 3.0',
    [set('data_channel_uri', 'https://x.example')],
    'error',
    'data_channel_uri',
    'not allowed from Flow JSON 3.0',
    199,
  ],
  [
    'unknown data_api_version',
    [set('data_api_version', '2.0')],
    'error',
    'data_api_version',
    'unknown data_api_version',
    3,
  ],
  [
    'unknown screen key',
    [set('screens[1].footer', true)],
    'error',
    'screens[1].footer',
    'is not a screen key',
    141,
  ],
  [
    'screen id characters',
    [
      set('screens[2].id', 'CON-FIRM'),
      set('routing_model.DETAILS', ['CON-FIRM']),
      remove('routing_model.CONFIRM'),
      set('routing_model.CON-FIRM', []),
    ],
    'error',
    'screens[2].id',
    'may hold only letters, digits and underscores',
    143,
  ],
  [
    'unknown component',
    [push(DETAILS, { type: 'Carousel' })],
    'error',
    `${DETAILS}[3]`,
    'unknown component type "Carousel"',
    139,
  ],
  [
    'component newer than the flow',
    [
      set('version', '6.0'),
      push(DETAILS, {
        type: 'ChipsSelector',
        name: 'c',
        label: 'C',
        'data-source': [
          { id: 'a', title: 'A' },
          { id: 'b', title: 'B' },
        ],
      }),
    ],
    'error',
    `${DETAILS}[3]`,
    'ChipsSelector needs Flow JSON 6.3 or later',
    139,
  ],
  [
    'property newer than the flow',
    [
      set('version', '6.1'),
      set(`${DETAILS}[0].pattern`, '\\d+'),
      set(`${DETAILS}[0].helper-text`, 'digits'),
    ],
    'error',
    `${DETAILS}[0].pattern`,
    'needs Flow JSON 6.2 or later',
    116,
  ],
  [
    'required property missing',
    [remove(`${CHOOSE}[2].label`)],
    'error',
    `${CHOOSE}[2]`,
    'Footer needs "label"',
    75,
  ],
  [
    'property of the wrong type',
    [set(`${DETAILS}[0].required`, 'yes')],
    'error',
    `${DETAILS}[0].required`,
    'should be a boolean or a "${…}" binding',
    115,
  ],
  [
    'enum value',
    [set(`${DETAILS}[0].input-type`, 'url')],
    'error',
    `${DETAILS}[0].input-type`,
    'should be one of text, number',
    116,
  ],
  [
    'character limit (warning)',
    [set(`${CHOOSE}[2].label`, 'A label much longer than thirty-five characters')],
    'warning',
    `${CHOOSE}[2].label`,
    "Meta's limit is 35",
    77,
  ],
  [
    'unknown property (warning)',
    [set(`${DETAILS}[0].placeholder`, 'x')],
    'warning',
    `${DETAILS}[0].placeholder`,
    'is not a property of TextInput',
    116,
  ],
  [
    'too few options',
    [set(`${CHOOSE}[0].data-source`, [])],
    'error',
    `${CHOOSE}[0].data-source`,
    'at least 1 needed',
    58,
  ],
  [
    'option without title',
    [set(`${CHOOSE}[0].data-source`, [{ id: 'a' }])],
    'error',
    `${CHOOSE}[0].data-source[0]`,
    'an option needs "title"',
    59,
  ],
  [
    'min greater than max',
    [
      push(DETAILS, {
        type: 'CheckboxGroup',
        name: 'c',
        label: 'C',
        'data-source': [{ id: 'a', title: 'A' }],
        'min-selected-items': 3,
        'max-selected-items': 1,
      }),
    ],
    'error',
    `${DETAILS}[3].min-selected-items`,
    'is greater than max-selected-items',
    149,
  ],
  [
    'action a trigger does not allow',
    [set(`${CHOOSE}[0].on-select-action`, navigate('DETAILS'))],
    'error',
    `${CHOOSE}[0].on-select-action.name`,
    'on-select-action cannot be "navigate"',
    61,
  ],
  [
    'open_url before 6.0',
    [set('version', '5.1')],
    'error',
    'screens[2].layout.children[1].on-click-action.name',
    '"open_url" in on-click-action needs Flow JSON 6.0',
    180,
  ],
  [
    'init-value inside a Form',
    [set(`${CHOOSE}[1].init-value`, '2')],
    'error',
    `${CHOOSE}[1].init-value`,
    'only for components outside a Form',
    74,
  ],
  [
    'input outside the Form',
    [push('screens[0].layout.children', { type: 'TextInput', name: 'x', label: 'X' })],
    'error',
    'screens[0].layout.children[1]',
    "outside the screen's Form",
    92,
  ],
  [
    'component not allowed in an If',
    [
      set(`${DETAILS}[1].then`, [
        { type: 'ImageCarousel', images: [{ src: 'eA==', 'alt-text': 'x' }] },
      ]),
    ],
    'error',
    `${DETAILS}[1].then[0]`,
    'ImageCarousel cannot be inside an If branch',
    121,
  ],
  [
    'Footer in one If branch only',
    [
      set(`${DETAILS}[1].then`, [
        { type: 'Footer', label: 'Go', 'on-click-action': { name: 'data_exchange', payload: {} } },
      ]),
      remove(`${DETAILS}[2]`),
    ],
    'error',
    `${DETAILS}[1]`,
    'a Footer in one branch of an If needs one in the other',
    117,
  ],
  [
    'If condition does not parse',
    [set(`${DETAILS}[1].condition`, '(${data.guests} > 2')],
    'error',
    `${DETAILS}[1].condition`,
    'condition has an unclosed parenthesis',
    119,
  ],
  [
    'backtick expression does not parse',
    [set('screens[2].layout.children[0].text', '`${data.price} * `')],
    'error',
    'screens[2].layout.children[0].text',
    'expression ends where an operand was expected',
    173,
  ],
  [
    'more than one Footer',
    [
      push(DETAILS, {
        type: 'Footer',
        label: 'Again',
        'on-click-action': { name: 'data_exchange', payload: {} },
      }),
    ],
    'error',
    DETAILS,
    '2 Footer components on one screen; at most 1',
    110,
  ],
  [
    'more than 2 EmbeddedLinks',
    [push(DETAILS, link, link, link)],
    'error',
    DETAILS,
    '3 EmbeddedLink components on one screen; at most 2',
    110,
  ],
  [
    'more than 50 components',
    [push(DETAILS, ...Array.from({ length: 47 }, () => text('x')))],
    'error',
    DETAILS,
    '51 components on one screen; at most 50',
    110,
  ],
  [
    'both pickers on a screen',
    [
      push(
        DETAILS,
        { type: 'PhotoPicker', name: 'p', label: 'P' },
        { type: 'DocumentPicker', name: 'd', label: 'D' },
      ),
    ],
    'error',
    DETAILS,
    'both a PhotoPicker and a DocumentPicker',
    110,
  ],
  [
    'terminal screen without Footer',
    [remove(`${CONFIRM}[2]`)],
    'error',
    CONFIRM,
    'a terminal screen needs a Footer',
    170,
  ],
  [
    'success on a non-terminal screen',
    [set('screens[1].success', true)],
    'error',
    'screens[1].success',
    'success is only for terminal screens',
    141,
  ],
  [
    'complete on a non-terminal screen',
    [set(`${DETAILS}[2].on-click-action`, { name: 'complete', payload: {} })],
    'error',
    `${DETAILS}[2]`,
    'only a terminal screen may run it',
    127,
  ],
  [
    'refresh_on_back without data_api_version',
    [
      remove('data_api_version'),
      remove(`${CHOOSE}[0].on-select-action`),
      set(`${DETAILS}[2].on-click-action`, {
        ...navigate('CONFIRM'),
        payload: { summary: 'x', price: 1, details: { name: 'x' } },
      }),
      set('screens[1].refresh_on_back', true),
    ],
    'error',
    'screens[1].refresh_on_back',
    'refresh_on_back needs data_api_version',
    139,
  ],
  [
    'route to itself',
    [set('routing_model.DETAILS', ['CONFIRM', 'DETAILS'])],
    'error',
    'routing_model.DETAILS[1]',
    '"DETAILS" routes to itself',
    10,
  ],
  [
    'two screens routing to each other',
    [set('routing_model.CONFIRM', ['DETAILS'])],
    'error',
    'routing_model.CONFIRM[0]',
    'route to each other',
    12,
  ],
  [
    'more than 10 routes',
    [set('routing_model.CHOOSE', ['DETAILS', ...Array.from({ length: 10 }, () => 'CONFIRM')])],
    'error',
    'routing_model.CHOOSE',
    '11 routes from "CHOOSE"; at most 10',
    5,
  ],
  [
    'navigate edge missing from routing_model',
    [
      set('screens[2].layout.children[1].on-click-action', navigate('CHOOSE')),
      set('routing_model.CONFIRM', []),
    ],
    'error',
    'screens[2].layout.children[1]',
    'is not a route of routing_model',
    175,
  ],
  [
    'global reference to an unknown screen',
    [set('screens[2].layout.children[0].text', '${screen.DETAIL.form.name}')],
    'error',
    'screens[2].layout.children[0].text',
    'names unknown screen "DETAIL"',
    173,
  ],
  [
    'global reference to an unknown field',
    [set('screens[2].layout.children[0].text', '${screen.DETAILS.form.nme}')],
    'error',
    'screens[2].layout.children[0].text',
    'screen "DETAILS" has no input "nme"',
    173,
  ],
  [
    'update_data key not in the data model',
    [set(`${CHOOSE}[0].on-unselect-action`, { name: 'update_data', payload: { guest: 1 } })],
    'error',
    `${CHOOSE}[0].on-unselect-action.payload.guest`,
    'update_data sets "guest"',
    70,
  ],
  [
    'sensitive names no field',
    [set('screens[1].sensitive', ['nam'])],
    'error',
    'screens[1].sensitive[0]',
    '"nam" is not a field of this screen',
    142,
  ],
  [
    'open_url without url',
    [remove('screens[2].layout.children[1].on-click-action.url')],
    'error',
    'screens[2].layout.children[1]',
    'open_url needs a url',
    175,
  ],
  [
    'media picker value in a navigate payload',
    [
      push(CHOOSE, { type: 'PhotoPicker', name: 'photo', label: 'Photo' }),
      set(`${CHOOSE}[2].on-click-action.payload.photo`, '${form.photo}'),
    ],
    'error',
    `${CHOOSE}[2].on-click-action.payload.photo`,
    'cannot go into a navigate payload',
    87,
  ],
  [
    'media picker of many files in a complete payload',
    [
      push(CONFIRM, { type: 'DocumentPicker', name: 'doc', label: 'Doc' }),
      set(`${CONFIRM}[2].on-click-action.payload.doc`, '${form.doc}'),
    ],
    'error',
    `${CONFIRM}[2].on-click-action.payload.doc`,
    'only when at most one file can be picked',
    192,
  ],
  [
    'Form init-values naming no input',
    [set('screens[0].layout.children[0].init-values', { guest: '2' })],
    'error',
    'screens[0].layout.children[0].init-values.guest',
    'init-values names "guest"',
    92,
  ],
  [
    'option list bound to data without a title',
    [remove('screens[0].data.department.items.properties.title')],
    'error',
    'screens[0].data.department',
    'declare it as an array of objects with string "id" and "title"',
    18,
  ],
  [
    'navigate payload not matching the next screen without an endpoint',
    [
      remove('data_api_version'),
      remove('routing_model'),
      remove(`${CHOOSE}[0].on-select-action`),
      set(`${DETAILS}[2].on-click-action`, {
        name: 'navigate',
        next: { type: 'screen', name: 'CONFIRM' },
        payload: { summary: 'x', price: 1, details: { name: 'x' } },
      }),
      set(`${CHOOSE}[2].on-click-action.payload.extra`, '1'),
    ],
    'error',
    `${CHOOSE}[2].on-click-action.payload`,
    'sends data it does not declare: extra',
    67,
  ],
  [
    'unknown layout',
    [set('screens[1].layout.type', 'TwoColumnLayout')],
    'error',
    'screens[1].layout.type',
    'unknown layout "TwoColumnLayout"',
    109,
  ],
  [
    'more than 100 screens',
    [
      push(
        'screens',
        ...Array.from({ length: 98 }, (_, i) => ({
          id: `EXTRA_${i}`,
          layout: { type: 'SingleColumnLayout', children: [] },
        })),
      ),
      set('routing_model', {}),
    ],
    'error',
    'screens',
    '101 screens; at most 100',
    5,
  ],
  [
    'over 10 MB',
    [set('screens[2].layout.children[0].text', 'x'.repeat(10 * 1024 * 1024))],
    'error',
    '(root)',
    'Flow JSON is limited to 10 MB',
    1,
  ],
  [
    'label required from 4.0',
    [remove(`${CHOOSE}[0].label`), set(`${CHOOSE}[0].type`, 'RadioButtonsGroup')],
    'error',
    `${CHOOSE}[0]`,
    'RadioButtonsGroup needs "label"',
    54,
  ],
  [
    'input outside a Form before 4.0',
    [
      set('version', '3.1'),
      remove('screens[2].layout.children[1]'),
      remove(`${CONFIRM}[1].on-click-action.payload.offers`),
      set('screens[1].layout.children', [
        { type: 'TextInput', name: 'name', label: 'Name' },
        { type: 'Footer', label: 'Go', 'on-click-action': { name: 'data_exchange', payload: {} } },
      ]),
    ],
    'error',
    'screens[1].layout.children[0]',
    'must be inside a Form before Flow JSON 4.0',
    111,
  ],
  [
    'Form inside a Form',
    [push(CHOOSE, { type: 'Form', name: 'inner', children: [] })],
    'error',
    `${CHOOSE}[3]`,
    'a Form cannot be inside another Form',
    90,
  ],
  [
    'If inside a Switch case',
    [
      push(DETAILS, {
        type: 'Switch',
        value: '${data.department}',
        cases: { a: [{ type: 'If', condition: '${data.guests} > 1', then: [text('x')] }] },
      }),
    ],
    'error',
    `${DETAILS}[3].cases.a[0]`,
    'If cannot be inside a Switch case',
    144,
  ],
  [
    'If nested 4 deep',
    [
      set(`${DETAILS}[1].then`, [
        {
          type: 'If',
          condition: '${data.guests} > 1',
          then: [
            {
              type: 'If',
              condition: '${data.guests} > 2',
              then: [{ type: 'If', condition: '${data.guests} > 3', then: [text('x')] }],
            },
          ],
        },
      ]),
    ],
    'error',
    `${DETAILS}[1].then[0].then[0].then[0]`,
    'If nested 4 deep; at most 3',
    129,
  ],
  [
    'If without a dynamic operand',
    [set(`${DETAILS}[1].condition`, "'a' == 'a'")],
    'error',
    `${DETAILS}[1].condition`,
    'needs at least one ${…} reference',
    119,
  ],
  [
    'If with an empty then',
    [set(`${DETAILS}[1].then`, [])],
    'error',
    `${DETAILS}[1].then`,
    'at least one component in then',
    120,
  ],
  [
    'Footer in some Switch cases only',
    [
      set(`${DETAILS}[2]`, {
        type: 'Switch',
        value: '${data.department}',
        cases: {
          a: [
            {
              type: 'Footer',
              label: 'Done',
              'on-click-action': { name: 'data_exchange', payload: {} },
            },
          ],
          b: [text('x')],
        },
      }),
    ],
    'error',
    `${DETAILS}[2].cases`,
    'a Footer in one Switch case needs one in every case (missing in: b)',
    130,
  ],
  [
    'Footer captions not paired',
    [set(`${CHOOSE}[2].left-caption`, 'Left')],
    'error',
    `${CHOOSE}[2]`,
    'left-caption and right-caption go together',
    75,
  ],
  [
    'pattern without helper-text',
    [set(`${DETAILS}[0].pattern`, '[a-z]+')],
    'error',
    `${DETAILS}[0].pattern`,
    'a pattern needs a helper-text',
    116,
  ],
  [
    'RichText beside other components',
    [push(DETAILS, { type: 'RichText', text: '# Hi' })],
    'error',
    DETAILS,
    'RichText can share its screen with a Footer only',
    110,
  ],
  [
    'NavigationList item without an action',
    [
      set(DETAILS, [
        {
          type: 'NavigationList',
          name: 'n',
          'list-items': [{ id: 'a', 'main-content': { title: 'A' } }],
        },
      ]),
    ],
    'error',
    `${DETAILS}[0].list-items[0]`,
    'needs an on-click-action',
    115,
  ],
  [
    'more than 3 ImageCarousels in a flow',
    [
      push(
        DETAILS,
        { type: 'ImageCarousel', images: [{ src: 'eA==', 'alt-text': 'x' }] },
        { type: 'ImageCarousel', images: [{ src: 'eA==', 'alt-text': 'x' }] },
      ),
      push(
        CONFIRM,
        { type: 'ImageCarousel', images: [{ src: 'eA==', 'alt-text': 'x' }] },
        { type: 'ImageCarousel', images: [{ src: 'eA==', 'alt-text': 'x' }] },
      ),
    ],
    'error',
    'screens',
    '4 ImageCarousels in the flow; at most 3',
    13,
  ],
  [
    'sensitive before 5.1',
    [
      set('version', '5.0'),
      remove('screens[2].layout.children[1]'),
      remove(`${CONFIRM}[1].on-click-action.payload.offers`),
      set('screens[1].sensitive', ['name']),
    ],
    'error',
    'screens[1].sensitive',
    'sensitive needs Flow JSON 5.1 or later',
    141,
  ],
  [
    'global reference before 4.0',
    [
      set('version', '3.1'),
      remove('screens[2].layout.children[1]'),
      remove(`${CONFIRM}[1].on-click-action.payload.offers`),
      set('screens[1].layout.children', [
        {
          type: 'Form',
          name: 'f',
          children: [
            { type: 'TextBody', text: '${screen.CHOOSE.form.guests}' },
            {
              type: 'Footer',
              label: 'Go',
              'on-click-action': { name: 'data_exchange', payload: {} },
            },
          ],
        },
      ]),
    ],
    'error',
    'screens[1].layout.children[0].children[0].text',
    'needs Flow JSON 4.0 or later',
    117,
  ],
  [
    'backtick expression before 6.0',
    [
      set('version', '5.1'),
      remove('screens[2].layout.children[1]'),
      remove(`${CONFIRM}[1].on-click-action.payload.offers`),
      set('screens[2].layout.children[0].text', "`'Total ' ${data.price}`"),
    ],
    'error',
    'screens[2].layout.children[0].text',
    'a backtick expression needs Flow JSON 6.0 or later',
    173,
  ],
  [
    'loop of three screens',
    [set('routing_model.CONFIRM', ['CHOOSE'])],
    'error',
    'routing_model.CHOOSE',
    'routing_model has a loop: CHOOSE → DETAILS → CONFIRM → CHOOSE',
    5,
  ],
  [
    'a second screen no route leads to',
    [
      push('screens', {
        id: 'HELP',
        layout: { type: 'SingleColumnLayout', children: [text('Help')] },
      }),
      set('routing_model.HELP', ['CONFIRM']),
    ],
    'error',
    'screens[3].id',
    'screen "HELP" has no route leading to it: only one entry screen may',
    202,
  ],
  [
    'entry screen not listed first (warning)',
    [
      (json) => {
        const screens = json.screens as unknown[];
        screens.push(screens.shift());
      },
    ],
    'warning',
    'screens[2].id',
    'entry screen "CHOOSE" (no route leads to it) is not the first screen "DETAILS"',
    118,
  ],
  [
    'a screen whose Footer cannot reach a terminal one (warning)',
    [
      push('screens', {
        id: 'TERMS',
        layout: {
          type: 'SingleColumnLayout',
          children: [
            text('Terms'),
            {
              type: 'Footer',
              label: 'Next',
              'on-click-action': navigate('MORE'),
            },
          ],
        },
      }),
      set('routing_model.CONFIRM', ['TERMS']),
      set('routing_model.TERMS', ['MORE']),
      push('screens', {
        id: 'MORE',
        layout: { type: 'SingleColumnLayout', children: [text('More')] },
      }),
      set('routing_model.MORE', []),
    ],
    'warning',
    'routing_model',
    'no terminal screen can be reached from "TERMS"',
    4,
  ],
  [
    'unknown option field (warning)',
    [set(`${CHOOSE}[0].data-source`, [{ id: 'a', title: 'A', icon: 'x' }])],
    'warning',
    `${CHOOSE}[0].data-source[0].icon`,
    '"icon" is not a field of an option',
    62,
  ],
  [
    'CalendarPicker range-only property in single mode (warning)',
    [push(DETAILS, { type: 'CalendarPicker', name: 'day', label: 'Day', 'min-days': 2 })],
    'warning',
    `${DETAILS}[3].min-days`,
    'is only used in range mode',
    143,
  ],
  [
    'CalendarPicker unavailable date outside its range (warning)',
    [
      push(DETAILS, {
        type: 'CalendarPicker',
        name: 'day',
        label: 'Day',
        'min-date': '2026-01-01',
        'max-date': '2026-12-31',
        'unavailable-dates': ['2027-01-05'],
      }),
    ],
    'warning',
    `${DETAILS}[3].unavailable-dates[0]`,
    'lies outside min-date..max-date',
    146,
  ],
];

describe('the validator rules', () => {
  it.each(variants)(
    'when %s, then exactly that is reported, at its path and line',
    (_, mutations, severity, path, fragment, line) => {
      const json = structuredClone(base) as Container;
      for (const mutate of mutations) mutate(json);
      const textOf = JSON.stringify(json, null, 2);
      const found = locateProblems(textOf, validateFlowJson(json)).filter(
        (problem) => problem.severity === severity,
      );
      expect(found.map(({ path: p, message }) => ({ path: p, message }))).toEqual([
        { path, message: expect.stringContaining(fragment) as string },
      ]);
      expect(found[0]?.line).toBe(line);
    },
  );

  it('when a terminal screen has a NavigationList, then that is reported beside its sharing the screen with the Footer', () => {
    const json = structuredClone(base) as Container;
    set(CONFIRM, [
      {
        type: 'NavigationList',
        name: 'n',
        'list-items': [
          {
            id: 'a',
            'main-content': { title: 'A' },
            'on-click-action': { name: 'data_exchange', payload: {} },
          },
        ],
      },
      { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } },
    ])(json);
    expect(validateFlowJson(json).filter(({ severity }) => severity === 'error')).toEqual([
      {
        path: CONFIRM,
        message: 'a NavigationList cannot share its screen with other components',
        severity: 'error',
      },
      {
        path: CONFIRM,
        message: 'a NavigationList cannot be on a terminal screen',
        severity: 'error',
      },
    ]);
  });
});

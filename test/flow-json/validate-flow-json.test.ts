import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePath } from '../../src/util/json-path';
import { validateFlowJson } from '../../src/flow-json/validate-flow-json';

const readJson = (...path: string[]): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', ...path), 'utf8')) as unknown;

const base = readJson('test', 'fixtures', 'flow-json', 'valid-flow.json');

// Mutations address the fixture by the same JSON paths the validator reports.
type Container = Record<string | number, unknown>;
type Mutation = (json: unknown) => void;

function locate(json: unknown, path: string): { parent: Container; key: string | number } {
  const segments = parsePath(path);
  const key = segments[segments.length - 1];
  let parent = json;
  for (const segment of segments.slice(0, -1)) parent = (parent as Container)[segment];
  if (key === undefined || typeof parent !== 'object' || parent === null) {
    throw new Error(`fixture has no ${path}`);
  }
  return { parent: parent as Container, key };
}
const get = (json: unknown, path: string) => {
  const { parent, key } = locate(json, path);
  return parent[key];
};
const set =
  (path: string, value: unknown): Mutation =>
  (json) => {
    const { parent, key } = locate(json, path);
    parent[key] = value;
  };
const remove =
  (path: string): Mutation =>
  (json) => {
    const { parent, key } = locate(json, path);
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  };
const push =
  (path: string, value: unknown): Mutation =>
  (json) => {
    (get(json, path) as unknown[]).push(value);
  };
const all =
  (...mutations: Mutation[]): Mutation =>
  (json) => {
    for (const mutate of mutations) mutate(json);
  };
/** The problems of one severity, as path and message. */
const problemsOf =
  (severity: 'error' | 'warning') =>
  (json: unknown): { path: string; message: string }[] =>
    validateFlowJson(json)
      .filter((problem) => problem.severity === severity)
      .map(({ path, message }) => ({ path, message }));
const errorsIn = problemsOf('error');
const warningsIn = problemsOf('warning');

const broken = (...mutations: Mutation[]): unknown => {
  const json = structuredClone(base);
  all(...mutations)(json);
  return json;
};

const CHOOSE_FORM = 'screens[0].layout.children[0]';
const CHOOSE_FOOTER = `${CHOOSE_FORM}.children[2]`;
const DETAILS_FOOTER = 'screens[1].layout.children[2]';

describe('validateFlowJson', () => {
  it('when given the book-appointment flow.json the endpoint serves, then it finds no problem', () => {
    expect(errorsIn(readJson('flows', 'book-appointment', 'flow.json'))).toEqual([]);
  });

  it('when given the valid base fixture, then it finds no problem', () => {
    expect(errorsIn(base)).toEqual([]);
  });

  // [description, mutation, exact path, message fragment]: each breaks one thing of the fixture.
  const cases: [string, Mutation, string, string][] = [
    // structure
    [
      'a screen title is a number',
      set('screens[1].title', 5),
      'screens[1].title',
      'expected string, received number',
    ],
    ['version is missing', remove('version'), 'version', 'missing (expected string)'],
    [
      'a data declaration has an unknown type',
      set('screens[1].data.guests.type', 'text'),
      'screens[1].data.guests.type',
      'expected one of "string"|"number"|"integer"|"boolean"|"object"|"array"',
    ],
    [
      'required is a string that is no binding',
      set('screens[1].layout.children[0].required', 'yes'),
      'screens[1].layout.children[0].required',
      'should be a boolean or a "${…}" binding',
    ],
    [
      'an action has no name',
      remove(`${DETAILS_FOOTER}.on-click-action.name`),
      `${DETAILS_FOOTER}.on-click-action.name`,
      'missing (expected string)',
    ],
    // screen ids
    [
      'two screens share an id',
      (json) => push('screens', structuredClone(get(json, 'screens[1]')))(json),
      'screens[3].id',
      'duplicate screen id "DETAILS"',
    ],
    [
      'a screen is called SUCCESS',
      all(
        push('screens', { id: 'SUCCESS', layout: { type: 'SingleColumnLayout', children: [] } }),
        set('routing_model.CONFIRM', ['SUCCESS']),
        set('routing_model.SUCCESS', []),
      ),
      'screens[3].id',
      '"SUCCESS" is reserved',
    ],
    [
      'routing_model has an entry for an unknown screen',
      set('routing_model.EXTRA', []),
      'routing_model.EXTRA',
      'routing_model names unknown screen "EXTRA"',
    ],
    [
      'routing_model routes to an unknown screen',
      set('routing_model.DETAILS', ['CONFRIM']),
      'routing_model.DETAILS[0]',
      'routing_model routes to unknown screen "CONFRIM"',
    ],
    [
      'navigate goes to an unknown screen',
      set(`${CHOOSE_FOOTER}.on-click-action.next.name`, 'DETIALS'),
      CHOOSE_FOOTER,
      'navigate to unknown screen "DETIALS" (did you mean "DETAILS"?)',
    ],
    [
      'no screen is terminal',
      all(
        remove('screens[2].terminal'),
        remove('screens[2].success'),
        set('screens[2].layout.children[2].on-click-action.name', 'data_exchange'),
      ),
      'screens',
      'no screen is terminal',
    ],
    // bindings and inputs
    [
      '${data.x} names undeclared data',
      set(`${DETAILS_FOOTER}.on-click-action.payload.department`, '${data.departmnt}'),
      `${DETAILS_FOOTER}.on-click-action.payload.department`,
      '${data.departmnt} refers to "departmnt", which the screen does not declare',
    ],
    [
      '${data.x.y} inside a longer string names undeclared data x',
      set(`${CHOOSE_FORM}.children[1].label`, 'Guests (up to ${data.max_guest.value})'),
      `${CHOOSE_FORM}.children[1].label`,
      '${data.max_guest.value} refers to "max_guest"',
    ],
    [
      '${form.x} names no input of its Form',
      set(`${CHOOSE_FOOTER}.on-click-action.payload.guests`, '${form.guest}'),
      `${CHOOSE_FOOTER}.on-click-action.payload.guests`,
      '${form.guest} refers to no input named "guest" in its Form',
    ],
    [
      '${form.x} in an If branch of a form-less screen names no input',
      set('screens[1].layout.children[1].then[0].text', 'Hello ${form.nme}'),
      'screens[1].layout.children[1].then[0].text',
      '${form.nme} refers to no input named "nme" on the screen (outside any Form)',
    ],
    [
      'two inputs of a Form share a name',
      push(`${CHOOSE_FORM}.children`, { type: 'TextInput', name: 'department', label: 'Again' }),
      `${CHOOSE_FORM}.children[3]`,
      'duplicate input name "department" in the same Form',
    ],
    [
      'two inputs of a form-less screen share a name',
      push('screens[1].layout.children', { type: 'TextArea', name: 'name', label: 'Again' }),
      'screens[1].layout.children[3]',
      'duplicate input name "name" on the same screen',
    ],
    // actions
    [
      'an action has an unknown name',
      set('screens[2].layout.children[1].on-click-action.name', 'open_link'),
      'screens[2].layout.children[1]',
      'unknown action "open_link" (expected one of navigate, data_exchange, complete, update_data, open_url)',
    ],
    [
      'a data_exchange payload is a string',
      set(`${CHOOSE_FORM}.children[0].on-select-action.payload`, 'department_selected'),
      `${CHOOSE_FORM}.children[0]`,
      'data_exchange payload must be an object, not a string',
    ],
    [
      'a complete payload is an array',
      set('screens[2].layout.children[2].on-click-action.payload', ['${data.summary}']),
      'screens[2].layout.children[2]',
      'complete payload must be an object, not an array',
    ],
    [
      'navigate has no next',
      remove(`${CHOOSE_FOOTER}.on-click-action.next`),
      CHOOSE_FOOTER,
      'navigate without next',
    ],
    [
      'navigate has a next without name',
      remove(`${CHOOSE_FOOTER}.on-click-action.next.name`),
      CHOOSE_FOOTER,
      'navigate next without name',
    ],
    // data declarations
    [
      'a screen data field has no __example__',
      remove('screens[0].data.max_guests.__example__'),
      'screens[0].data.max_guests',
      'missing __example__',
    ],
    [
      'a field whose name needs quoting has no __example__',
      set('screens[1].data["two words"]', { type: 'string' }),
      'screens[1].data["two words"]',
      'missing __example__',
    ],
    [
      "an array example's item has a property of the wrong type",
      set('screens[0].data.department.__example__[0].id', 7),
      'screens[0].data.department.__example__[0].id',
      'should be string, not 7',
    ],
    [
      "an array example's item lacks a required property",
      remove('screens[0].data.department.__example__[0].title'),
      'screens[0].data.department.__example__[0].title',
      'is missing',
    ],
    [
      'an integer example is fractional',
      set('screens[0].data.max_guests.__example__', 4.5),
      'screens[0].data.max_guests.__example__',
      'should be integer, not 4.5',
    ],
    [
      "an object example's property has the wrong type",
      set('screens[2].data.details.__example__.name', true),
      'screens[2].data.details.__example__.name',
      'should be string, not true',
    ],
    // endpoint consistency
    [
      'a data_exchange without data_api_version',
      all(remove('data_api_version'), remove(`${CHOOSE_FORM}.children[0].on-select-action`)),
      DETAILS_FOOTER,
      'data_exchange needs data_api_version',
    ],
    [
      'a screen is neither a source nor a target of routing_model',
      all(remove('routing_model.CONFIRM'), set('routing_model.DETAILS', [])),
      'routing_model',
      'screen "CONFIRM" is missing from routing_model',
    ],
    [
      'routing_model is absent from an endpoint flow',
      remove('routing_model'),
      'routing_model',
      'routing_model is required when data_api_version is set',
    ],
  ];

  it.each(cases)(
    'when %s, then that is the only problem, at the exact path',
    (_, mutation, path, fragment) => {
      expect(errorsIn(broken(mutation))).toEqual([
        { path, message: expect.stringContaining(fragment) as string },
      ]);
    },
  );

  it('when data_api_version is set but nothing exchanges data, then that is a warning, not an error', () => {
    const json = broken(
      remove(`${CHOOSE_FORM}.children[0].on-select-action`),
      set(`${DETAILS_FOOTER}.on-click-action`, {
        name: 'navigate',
        next: { type: 'screen', name: 'CONFIRM' },
        payload: {},
      }),
    );
    expect(errorsIn(json)).toEqual([]);
    expect(warningsIn(json)).toEqual([
      {
        path: 'data_api_version',
        message: expect.stringContaining(
          'data_api_version is set but no screen uses data_exchange or refresh_on_back',
        ) as string,
      },
    ]);
  });

  it('when the endpoint is only called on BACK (refresh_on_back), then data_api_version is in use', () => {
    const backOnly = broken(
      remove(`${CHOOSE_FORM}.children[0].on-select-action`),
      set(`${DETAILS_FOOTER}.on-click-action`, {
        name: 'navigate',
        next: { type: 'screen', name: 'CONFIRM' },
        payload: {},
      }),
      set('screens[0].refresh_on_back', true),
    );
    expect(errorsIn(backOnly)).toEqual([]);
  });

  it('when screens is not an array, then only the structural problems are reported', () => {
    expect(errorsIn({ version: '7.1', data_api_version: '3.0', screens: {} })).toEqual([
      { path: 'screens', message: 'Invalid input: expected array, received object' },
    ]);
  });

  it('when screens is empty, then it says so and no rule runs', () => {
    expect(errorsIn({ version: '7.1', screens: [] })).toEqual([
      { path: 'screens', message: 'Too small: expected array to have >=1 items' },
    ]);
  });

  it('when the document is not an object, then the problem is at (root)', () => {
    expect(errorsIn(null)).toEqual([
      { path: '(root)', message: 'Invalid input: expected object, received null' },
    ]);
  });

  it('when the terminal screen is structurally broken, then its problem does not cascade', () => {
    // Left out of the rules, it still exists as a navigation target, and no rule about the whole
    // flow ("no screen is terminal") guesses what it would have said.
    expect(errorsIn(broken(set('screens[2].layout.children', 'none')))).toEqual([
      {
        path: 'screens[2].layout.children',
        message: 'Invalid input: expected array, received string',
      },
    ]);
  });

  it('when a screen is broken, then the rules still report the problems of the others', () => {
    const json = broken(
      set('screens[2].title', 5),
      set(`${CHOOSE_FOOTER}.on-click-action.next.name`, 'DETIALS'),
    );
    expect(errorsIn(json)).toEqual([
      {
        path: CHOOSE_FOOTER,
        message: 'navigate to unknown screen "DETIALS" (did you mean "DETAILS"?)',
      },
      { path: 'screens[2].title', message: 'Invalid input: expected string, received number' },
    ]);
  });

  it('when several things are wrong, then all are reported at once, in document order', () => {
    const json = broken(
      set('screens[2].success', 'yes'),
      set(`${DETAILS_FOOTER}.on-click-action.name`, 'submit'),
      set('screens[1].id', 'CHOOSE'),
      set('screens[0].data.max_guests.__example__', 'four'),
      remove('routing_model.CONFIRM'),
    );
    expect(errorsIn(json)).toEqual([
      {
        path: 'routing_model.CHOOSE[0]',
        message: 'routing_model routes to unknown screen "DETAILS"',
      },
      { path: 'routing_model.DETAILS', message: 'routing_model names unknown screen "DETAILS"' },
      { path: 'screens[0].data.max_guests.__example__', message: 'should be integer, not "four"' },
      { path: CHOOSE_FOOTER, message: 'navigate to unknown screen "DETAILS"' },
      { path: 'screens[1].id', message: 'duplicate screen id "CHOOSE"' },
      {
        path: DETAILS_FOOTER,
        message:
          'unknown action "submit" (expected one of navigate, data_exchange, complete, update_data, open_url)',
      },
      { path: 'screens[2].success', message: 'Invalid input: expected boolean, received string' },
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  flowJsonSchema,
  flowScreenSchema,
  type FlowScreen,
} from '../../src/flow-json/flow-json-schema';
import { screenActions } from '../../src/flow-json/screen-actions';
import { walkComponents } from '../../src/flow-json/walk-components';

const fixture = flowJsonSchema.parse(
  JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'), 'utf8'),
  ) as unknown,
);
const screenOf = (children: unknown[]): FlowScreen =>
  flowScreenSchema.parse({ id: 'S', layout: { type: 'SingleColumnLayout', children } });
const footer = (action: unknown) => ({ type: 'Footer', label: 'Go', 'on-click-action': action });
const exchange = footer({ name: 'data_exchange', payload: {} });
const inputNames = (screen: FlowScreen) =>
  screenActions(screen, 0).map(({ path, inputs }) => [path, [...inputs.keys()]]);

describe('screenActions', () => {
  it('when a screen has a Form, then each action lists the Form inputs with type, required and path', () => {
    const [select, submit, ...rest] = screenActions(fixture.screens[0] as FlowScreen, 0);
    const inputs = new Map([
      [
        'department',
        {
          type: 'Dropdown',
          required: true,
          label: 'Department',
          path: 'screens[0].layout.children[0].children[0]',
        },
      ],
      [
        'guests',
        {
          type: 'TextInput',
          required: false,
          label: undefined,
          path: 'screens[0].layout.children[0].children[1]',
        },
      ],
    ]);
    expect(rest).toEqual([]);
    expect(select).toEqual({
      path: 'screens[0].layout.children[0].children[0]',
      trigger: 'on-select-action',
      name: 'data_exchange',
      payload: { trigger: 'department_selected', department: '${form.department}' },
      inputs,
      action: {
        name: 'data_exchange',
        payload: { trigger: 'department_selected', department: '${form.department}' },
      },
    });
    expect(submit).toEqual({
      path: 'screens[0].layout.children[0].children[2]',
      trigger: 'on-click-action',
      name: 'navigate',
      next: { type: 'screen', name: 'DETAILS' },
      payload: { department: '${form.department}', guests: '${form.guests}' },
      inputs,
      action: expect.objectContaining({ next: { type: 'screen', name: 'DETAILS' } }) as unknown,
    });
  });

  it('when a screen has no Form, then the inputs of the whole screen are in scope', () => {
    const actions = screenActions(fixture.screens[1] as FlowScreen, 1);
    expect(actions.map(({ path, inputs }) => [path, inputs])).toEqual([
      [
        'screens[1].layout.children[2]',
        new Map([
          [
            'name',
            {
              type: 'TextInput',
              required: true,
              label: 'Name',
              path: 'screens[1].layout.children[0]',
            },
          ],
        ]),
      ],
    ]);
  });

  it('when an action sits outside the Form of its screen, then it sees only the inputs outside any Form', () => {
    const screen = screenOf([
      { type: 'TextInput', name: 'outside' },
      {
        type: 'Form',
        name: 'the_form',
        children: [{ type: 'TextInput', name: 'inside' }, exchange],
      },
      exchange,
    ]);
    expect(inputNames(screen)).toEqual([
      ['screens[0].layout.children[1].children[1]', ['inside']],
      ['screens[0].layout.children[2]', ['outside']],
    ]);
  });

  it('when inputs sit in If and Switch branches, then they are in scope; Form and NavigationList names are not inputs', () => {
    const screen = screenOf([
      {
        type: 'If',
        condition: '${data.show}',
        then: [{ type: 'OptIn', name: 'agree', required: '${data.must_agree}' }],
        else: [{ type: 'TextArea', name: 'why' }],
      },
      {
        type: 'Switch',
        value: '${data.kind}',
        cases: { a: [{ type: 'DatePicker', name: 'day' }] },
      },
      { type: 'NavigationList', name: 'menu', 'list-items': '${data.items}' },
      exchange,
    ]);
    const [action] = screenActions(screen, 2);
    expect(action?.inputs).toEqual(
      new Map([
        [
          'agree',
          {
            type: 'OptIn',
            required: '${data.must_agree}',
            path: 'screens[2].layout.children[0].then[0]',
          },
        ],
        [
          'why',
          {
            type: 'TextArea',
            required: false,
            label: undefined,
            path: 'screens[2].layout.children[0].else[0]',
          },
        ],
        [
          'day',
          {
            type: 'DatePicker',
            required: false,
            label: undefined,
            path: 'screens[2].layout.children[1].cases.a[0]',
          },
        ],
      ]),
    );
  });

  it('when two inputs of a scope share a name, then the first one is the one in scope', () => {
    const screen = screenOf([
      { type: 'TextInput', name: 'dup', 'input-type': 'email' },
      { type: 'TextArea', name: 'dup' },
      exchange,
    ]);
    expect(screenActions(screen, 0)[0]?.inputs.get('dup')).toEqual({
      type: 'TextInput',
      required: false,
      path: 'screens[0].layout.children[0]',
    });
  });

  it('when a payload is not an object or next is incomplete, then payload and next are left undefined and the action keeps what was written', () => {
    const screen = screenOf([
      footer({ name: 'navigate', next: { name: 'B' }, payload: ['x'] }),
      {
        type: 'EmbeddedLink',
        text: 'Help',
        'on-click-action': { name: 'open_url', url: 'https://x' },
      },
    ]);
    const [navigate, link] = screenActions(screen, 0);
    expect(navigate).toMatchObject({ name: 'navigate', payload: undefined });
    expect(navigate?.next).toBeUndefined();
    expect(navigate?.action).toEqual({ name: 'navigate', next: { name: 'B' }, payload: ['x'] });
    expect(link).toMatchObject({
      path: 'screens[0].layout.children[1]',
      trigger: 'on-click-action',
      name: 'open_url',
      payload: undefined,
      action: { name: 'open_url', url: 'https://x' },
    });
  });
});

describe('walkComponents', () => {
  it('when a layout nests components, then they come depth first in document order with their Form', () => {
    const screen = screenOf([
      { type: 'TextHeading', text: 'Hi' },
      {
        type: 'Form',
        name: 'f',
        children: [{ type: 'If', condition: '${data.x}', then: [{ type: 'TextBody', text: 'x' }] }],
      },
    ]);
    expect(
      walkComponents(screen, 4).map(({ component, path, form }) => [component.type, path, form]),
    ).toEqual([
      ['TextHeading', ['screens', 4, 'layout', 'children', 0], undefined],
      ['Form', ['screens', 4, 'layout', 'children', 1], 'screens[4].layout.children[1]'],
      [
        'If',
        ['screens', 4, 'layout', 'children', 1, 'children', 0],
        'screens[4].layout.children[1]',
      ],
      [
        'TextBody',
        ['screens', 4, 'layout', 'children', 1, 'children', 0, 'then', 0],
        'screens[4].layout.children[1]',
      ],
    ]);
  });
});

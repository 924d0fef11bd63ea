import { flowJsonSchema, type FlowJson } from '../../src/flow-json/flow-json-schema';
import { DeviceSession } from '../../src/device/screen-model/device-session';
import { evaluateExpression } from '../../src/flow-json/expression';
import type { Reference } from '../../src/flow-json/reference';
import { resolveValue } from '../../src/device/screen-model/resolve-value';
import bookAppointment from '../../flows/book-appointment/flow.json';

const scope: Record<string, Record<string, unknown>> = {
  data: { first: 'Ada', last: 'Lovelace', n: 7, zero: 0, flag: true, list: [{ id: 'a' }] },
  form: { agree: false, size: 'L' },
};
const lookup = (reference: Reference) =>
  reference.screen === 'OTHER' ? 'elsewhere' : scope[reference.source]?.[reference.path[0] ?? ''];

describe('expressions (Flow JSON 6.0+)', () => {
  it.each([
    ["${data.first} ' ' ${data.last}", 'Ada Lovelace'],
    ['${data.n} + 3', 10],
    ['${data.n} * 2 - 4', 10],
    ['${data.n} / ${data.zero}', 0],
    ['${data.n} % 0', 0],
    ["${data.n} > 5 && ${form.size} == 'L'", true],
    ['${form.agree} || ${data.n} <= 6', false],
    ['!${form.agree}', true],
    ['(${data.n} + 1) * 2', 16],
    ['true || false && false', true],
    ["'Size: ' ${form.size}", 'Size: L'],
    ["${data.n} * 2 ' points'", '14 points'],
    ['${screen.OTHER.data.x}', 'elsewhere'],
  ])('when %s is evaluated, then it gives %p', (expression, expected) => {
    expect(evaluateExpression(expression, lookup)).toEqual(expected);
  });

  it('when an expression is broken, then it is an ExpressionError, not a crash', () => {
    expect(() => evaluateExpression('${data.n} +', lookup)).toThrow(
      'ends where an operand was expected',
    );
    expect(() => evaluateExpression("'open", lookup)).toThrow('not closed');
  });
});

describe('resolving properties', () => {
  it('when a property is one reference, then it keeps its type; text around it makes text', () => {
    expect(resolveValue('${data.list}', lookup)).toEqual([{ id: 'a' }]);
    expect(resolveValue('${data.n}', lookup)).toBe(7);
    expect(resolveValue('Hello ${data.first}, you have ${data.n}', lookup)).toBe(
      'Hello Ada, you have 7',
    );
    expect(resolveValue('`${data.n} * 2`', lookup)).toBe(14);
    expect(resolveValue({ a: '${form.size}', b: ['${data.flag}', 1] }, lookup)).toEqual({
      a: 'L',
      b: [true, 1],
    });
  });
});

const dynamicFlow: FlowJson = flowJsonSchema.parse({
  version: '7.1',
  data_api_version: '3.0',
  routing_model: { START: ['END'], END: [] },
  screens: [
    {
      id: 'START',
      data: {
        plan: { type: 'string', __example__: 'pro' },
        count: { type: 'number', __example__: 1 },
      },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'Form',
            name: 'f',
            'init-values': { nickname: '${data.plan}' },
            children: [
              { type: 'TextInput', name: 'nickname', label: 'Nick', required: true },
              {
                type: 'If',
                condition: "${data.plan} == 'pro'",
                then: [{ type: 'OptIn', name: 'extras', label: 'Extras', required: true }],
                else: [{ type: 'TextBody', text: 'Basic plan' }],
              },
              {
                type: 'Switch',
                value: '${data.plan}',
                cases: {
                  pro: [{ type: 'TextBody', text: "`${data.count} * 10 ' points'`" }],
                  basic: [{ type: 'TextBody', text: 'no points' }],
                },
              },
              {
                type: 'Dropdown',
                name: 'hidden',
                label: 'Hidden',
                'data-source': [{ id: 'x', title: 'X' }],
                visible: '`${data.count} > 5`',
              },
              {
                type: 'Footer',
                label: 'Next',
                'on-click-action': {
                  name: 'navigate',
                  next: { type: 'screen', name: 'END' },
                  payload: { greeting: "`'Hi ' ${form.nickname}`" },
                },
              },
            ],
          },
        ],
      },
    },
    {
      id: 'END',
      terminal: true,
      data: { greeting: { type: 'string', __example__: 'Hi' } },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextBody', text: '${data.greeting}, plan ${screen.START.data.plan}' },
          {
            type: 'Footer',
            label: 'Done',
            'on-click-action': {
              name: 'complete',
              payload: { who: '${screen.START.form.nickname}' },
            },
          },
        ],
      },
    },
  ],
});

describe('a device session', () => {
  it('when a screen opens, then its form starts from init-values and If/Switch pick their branch', () => {
    const device = new DeviceSession(dynamicFlow);
    device.open('START', { plan: 'pro', count: 2 });
    expect(device.current?.form).toEqual({ nickname: 'pro' });
    const texts = device.inputs().map((input) => input.name);
    expect(texts).toEqual(['nickname', 'extras']);
    const body = JSON.stringify(device.render());
    expect(body).toContain('20 points');
    expect(body).not.toContain('Basic plan');
    expect(body).not.toContain('Hidden');
  });

  it('when a required input is empty, then the footer is blocked by it', () => {
    const device = new DeviceSession(dynamicFlow);
    device.open('START', { plan: 'pro', count: 2 });
    expect(device.missingRequired()).toEqual(['extras']);
    device.setForm('extras', true);
    expect(device.missingRequired()).toEqual([]);
  });

  it('when navigate is pressed, then the next screen opens with the resolved payload and global refs read the earlier screen', () => {
    const device = new DeviceSession(dynamicFlow);
    device.open('START', { plan: 'basic', count: 9 });
    device.setForm('nickname', 'Ada');
    const footer = device.render()[0]?.children.find((c) => c.type === 'Footer');
    expect(device.press(footer?.actions['on-click-action'])).toEqual({
      kind: 'navigate',
      screen: 'END',
    });
    expect(device.current).toMatchObject({ id: 'END', data: { greeting: 'Hi Ada' } });
    expect(JSON.stringify(device.render())).toContain('Hi Ada, plan basic');
    const done = device.render().find((c) => c.type === 'Footer');
    expect(device.press(done?.actions['on-click-action'])).toEqual({
      kind: 'complete',
      payload: { who: 'Ada' },
    });
  });

  it('when update_data is pressed, then the screen data changes and the screen renders anew', () => {
    const device = new DeviceSession(dynamicFlow);
    device.open('START', { plan: 'pro', count: 1 });
    expect(
      device.press({ name: 'update_data', payload: { count: '`${data.count} + 5`' } }),
    ).toEqual({ kind: 'update_data' });
    expect(device.current?.data.count).toBe(6);
    expect(device.inputs().map((input) => input.name)).toContain('hidden');
  });

  it('when back is pressed to a screen with refresh_on_back, then the device asks the endpoint', () => {
    const device = new DeviceSession(flowJsonSchema.parse(bookAppointment));
    device.open('APPOINTMENT', {});
    device.open('DETAILS', {});
    expect(device.back()).toEqual({ kind: 'BACK', screen: 'APPOINTMENT' });
    expect(device.back()).toEqual({ kind: 'close' });
  });

  it('when a data_exchange is pressed, then unset inputs are left out of the payload', () => {
    const device = new DeviceSession(flowJsonSchema.parse(bookAppointment));
    device.open('APPOINTMENT', { is_location_enabled: false });
    device.setForm('department', 'beauty');
    const department = device.inputs().find((input) => input.name === 'department');
    expect(device.press(department?.actions['on-select-action'])).toEqual({
      kind: 'data_exchange',
      screen: 'APPOINTMENT',
      payload: { trigger: 'department_selected', department: 'beauty' },
    });
    expect(device.missingRequired()).toEqual([]);
    expect(device.entryScreen()).toBe('APPOINTMENT');
  });

  it('when the endpoint answers the same screen with an error, then the form and data stay', () => {
    const device = new DeviceSession(dynamicFlow);
    device.open('START', { plan: 'pro', count: 1 });
    device.setForm('nickname', 'x');
    device.showAnswer('START', { error_message: 'Try again' });
    expect(device.current).toMatchObject({
      data: { plan: 'pro', count: 1 },
      form: { nickname: 'x' },
    });
    expect(device.stack).toHaveLength(1);
  });
});

describe('choosing in an input', () => {
  const choiceFlow: FlowJson = flowJsonSchema.parse({
    version: '7.1',
    screens: [
      {
        id: 'CHOOSE',
        terminal: true,
        data: {
          note: { type: 'string', __example__: '' },
          extras: { type: 'number', __example__: 0 },
        },
        layout: {
          type: 'SingleColumnLayout',
          children: [
            {
              type: 'CheckboxGroup',
              name: 'toppings',
              label: 'Toppings',
              'data-source': [
                {
                  id: 'cheese',
                  title: 'Cheese',
                  'on-select-action': { name: 'update_data', payload: { note: 'cheese on' } },
                  'on-unselect-action': { name: 'update_data', payload: { note: 'cheese off' } },
                },
                { id: 'ham', title: 'Ham' },
              ],
              'on-select-action': {
                name: 'update_data',
                payload: { extras: '`${data.extras} + 1`' },
              },
              'on-unselect-action': {
                name: 'update_data',
                payload: { extras: '`${data.extras} - 1`' },
              },
            },
            { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete' } },
          ],
        },
      },
    ],
  });

  it('when items are selected and unselected, then item actions fire, then the input’s own', () => {
    const device = new DeviceSession(choiceFlow);
    device.open('CHOOSE', { note: '', extras: 0 });
    expect(device.select('toppings', ['cheese', 'ham'])).toEqual([
      { kind: 'update_data' },
      { kind: 'update_data' },
    ]);
    expect(device.current?.data).toEqual({ note: 'cheese on', extras: 1 });
    device.select('toppings', ['ham']);
    expect(device.current?.data).toEqual({ note: 'cheese off', extras: 0 });
    expect(device.current?.form).toEqual({ toppings: ['ham'] });
  });

  it('when a data_exchange fires on select, then it is returned for the caller to send', () => {
    const device = new DeviceSession(flowJsonSchema.parse(bookAppointment));
    device.open('APPOINTMENT', {});
    expect(device.select('department', 'home')).toEqual([
      {
        kind: 'data_exchange',
        screen: 'APPOINTMENT',
        payload: { trigger: 'department_selected', department: 'home' },
      },
    ]);
    expect(device.select('nothing-by-this-name', 'x')).toEqual([]);
  });
});

describe('a malformed expression', () => {
  it('when a property or an If condition does not parse, then it renders as written or as false, never throws', () => {
    expect(resolveValue('`${data.n} +`', lookup)).toBe('`${data.n} +`');
    const device = new DeviceSession(
      flowJsonSchema.parse({
        version: '7.1',
        screens: [
          {
            id: 'ONLY',
            terminal: true,
            layout: {
              type: 'SingleColumnLayout',
              children: [
                {
                  type: 'If',
                  condition: '${data.x} ==',
                  then: [{ type: 'TextBody', text: 'yes' }],
                  else: [{ type: 'TextBody', text: 'no' }],
                },
                { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete' } },
              ],
            },
          },
        ],
      }),
    );
    device.open('ONLY', {});
    expect(device.render().map((component) => component.props.text ?? component.type)).toEqual([
      'no',
      'Footer',
    ]);
  });
});

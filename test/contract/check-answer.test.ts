import { checkAnswer } from '../../src/contract/check-answer';
import { compileContract } from '../../src/contract/compile-contract';

const contract = compileContract(
  {
    routing_model: { PICK: ['CONFIRM'], CONFIRM: [] },
    screens: [
      {
        id: 'PICK',
        data: {
          slots: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                title: { type: 'string' },
                enabled: { type: 'boolean' },
              },
              required: ['id', 'title'],
            },
          },
          open: { type: 'boolean' },
        },
      },
      {
        id: 'CONFIRM',
        data: {
          summary: { type: 'string' },
          count: { type: 'integer' },
          price: { type: 'number' },
        },
      },
    ],
  },
  'flow.json',
);

const pick = { slots: [{ id: 'a', title: 'A' }], open: true };
const confirm = { summary: 'ok', count: 2, price: 9.5 };

describe('checkAnswer', () => {
  it('when an answer matches the screen and the route, then there is no problem', () => {
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'PICK',
        screen: 'CONFIRM',
        data: confirm,
      }),
    ).toEqual([]);
    expect(
      checkAnswer(contract, { action: 'INIT', from: undefined, screen: 'PICK', data: pick }),
    ).toEqual([]);
  });

  it('when the target screen does not exist, then that is the problem', () => {
    expect(
      checkAnswer(contract, { action: 'INIT', from: undefined, screen: 'PICKK', data: {} }),
    ).toEqual([{ screen: 'PICKK', message: 'screen "PICKK" is not in flow.json' }]);
  });

  it('when routing_model does not allow the transition, then it says which', () => {
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'CONFIRM',
        screen: 'PICK',
        data: pick,
      }),
    ).toEqual([{ screen: 'PICK', message: 'routing_model does not allow CONFIRM → PICK' }]);
  });

  it('when a data_exchange answer stays on its screen, then no route is needed', () => {
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'CONFIRM',
        screen: 'CONFIRM',
        data: confirm,
      }),
    ).toEqual([]);
  });

  it('when a declared field is missing, then it is named', () => {
    const withoutCount = { summary: confirm.summary, price: confirm.price };
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'PICK',
        screen: 'CONFIRM',
        data: withoutCount,
      }),
    ).toEqual([{ screen: 'CONFIRM', field: 'count', message: 'is declared but missing' }]);
  });

  it('when a field has the wrong type, then field and types are named', () => {
    const problems = checkAnswer(contract, {
      action: 'data_exchange',
      from: 'PICK',
      screen: 'CONFIRM',
      data: { ...confirm, count: 2.5, price: '9.50' },
    });
    expect(problems).toEqual([
      { screen: 'CONFIRM', field: 'count', message: 'should be integer, not 2.5' },
      { screen: 'CONFIRM', field: 'price', message: 'should be number, not "9.50"' },
    ]);
  });

  it('when an item of an array of objects is wrong, then its index and property are named', () => {
    const problems = checkAnswer(contract, {
      action: 'INIT',
      from: undefined,
      screen: 'PICK',
      data: {
        open: true,
        slots: [
          { id: 'a', title: 'A' },
          { id: 'b', title: 7 },
          { title: 'C', enabled: 'no' },
        ],
      },
    });
    expect(problems).toEqual([
      { screen: 'PICK', field: 'slots[1].title', message: 'should be string, not 7' },
      { screen: 'PICK', field: 'slots[2].id', message: 'is missing' },
      { screen: 'PICK', field: 'slots[2].enabled', message: 'should be boolean, not "no"' },
    ]);
  });

  it('when a field is not declared, then it is named (error_message excepted)', () => {
    const problems = checkAnswer(contract, {
      action: 'INIT',
      from: undefined,
      screen: 'PICK',
      data: { ...pick, extra: 1, error_message: 'fine' },
    });
    expect(problems).toEqual([
      { screen: 'PICK', field: 'extra', message: 'is not declared by the screen' },
    ]);
  });

  it('when the same screen is answered with only an error_message, then its declared data may be left out', () => {
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'PICK',
        screen: 'PICK',
        data: { error_message: 'Try again' },
      }),
    ).toEqual([]);
  });

  it('when another screen is answered with an error_message, then its data is still required', () => {
    const problems = checkAnswer(contract, {
      action: 'data_exchange',
      from: 'PICK',
      screen: 'CONFIRM',
      data: { error_message: 'x' },
    });
    expect(problems.map((problem) => problem.field)).toEqual(['summary', 'count', 'price']);
  });

  it('when SUCCESS lacks extension_message_response.params, then that is the problem', () => {
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'CONFIRM',
        screen: 'SUCCESS',
        data: {},
      }),
    ).toEqual([
      { screen: 'SUCCESS', field: 'extension_message_response.params', message: 'is missing' },
    ]);
    expect(
      checkAnswer(contract, {
        action: 'data_exchange',
        from: 'CONFIRM',
        screen: 'SUCCESS',
        data: { extension_message_response: { params: { flow_token: 't' } } },
      }),
    ).toEqual([]);
  });
});

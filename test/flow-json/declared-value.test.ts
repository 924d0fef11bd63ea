import { declaredToZod } from '../../src/contract/shape-to-zod';
import { compileDeclaration } from '../../src/flow-json/declared-value';
import type { DataDeclaration } from '../../src/flow-json/flow-json-schema';

const slots: DataDeclaration = {
  type: 'array',
  items: {
    type: 'object',
    properties: { id: { type: 'string' }, title: { type: 'string' }, enabled: { type: 'boolean' } },
    required: ['id', 'title'],
  },
};

describe('compileDeclaration: the one reading of a data declaration', () => {
  const check = compileDeclaration(slots);

  it('when the value fits, then there is no problem', () => {
    expect(
      check([
        { id: '1', title: '9:00' },
        { id: '2', title: '10:00', enabled: false },
      ]),
    ).toEqual([]);
  });

  it('when items misfit, then each problem names its path under the given prefix', () => {
    expect(check([{ id: 1, title: '9:00' }, { id: '2' }, 'x'], ['slots'])).toEqual([
      { at: ['slots', 0, 'id'], message: 'should be string, not 1' },
      { at: ['slots', 1, 'title'], message: 'is missing' },
      { at: ['slots', 2], message: 'should be object, not "x"' },
    ]);
  });

  it('when an integer is declared, then a fraction and a non-finite number misfit', () => {
    expect(compileDeclaration({ type: 'integer' })(1.5)).toEqual([
      { at: [], message: 'should be integer, not 1.5' },
    ]);
    expect(compileDeclaration({ type: 'number' })(Infinity)).toHaveLength(1);
  });

  it('when the input schema reads a declared value, then it checks the same way and asks the user to check it', () => {
    const schema = declaredToZod(slots, 'time_slots');
    expect(schema.safeParse([{ id: '1', title: 'a' }]).success).toBe(true);
    expect(schema.safeParse([{ id: '1' }]).error?.issues[0]?.message).toBe(
      'Please check time slots.',
    );
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe(
      'Please fill in time slots.',
    );
  });
});

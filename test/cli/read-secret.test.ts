import { readSecret } from '../../src/cli/read-secret';
import { UsageError } from '../../src/cli/usage-error';

const answers = (...values: string[]) => {
  const asked: string[] = [];
  return {
    asked,
    ask: (prompt: string) => {
      asked.push(prompt);
      return Promise.resolve(values.shift() ?? '');
    },
  };
};

describe('readSecret', () => {
  it('when the variable is set, then it is used and nobody is asked', async () => {
    const terminal = answers('typed');
    await expect(
      readSecret({
        variable: 'PASSPHRASE',
        prompt: 'P: ',
        env: { PASSPHRASE: 'set' },
        ...terminal,
      }),
    ).resolves.toBe('set');
    expect(terminal.asked).toEqual([]);
  });

  it('when the variable is not set, then the terminal is asked, twice when confirming', async () => {
    const terminal = answers('typed', 'typed');
    await expect(
      readSecret({ variable: 'PASSPHRASE', prompt: 'P: ', confirm: true, env: {}, ...terminal }),
    ).resolves.toBe('typed');
    expect(terminal.asked).toEqual(['P: ', 'Again: ']);
  });

  it('when the two entries differ, then it is refused naming the variable', async () => {
    await expect(
      readSecret({
        variable: 'PASSPHRASE',
        prompt: 'P: ',
        confirm: true,
        env: {},
        ...answers('one', 'two'),
      }),
    ).rejects.toEqual(new UsageError('PASSPHRASE: the two entries differ'));
  });

  it('when the entry is empty, then it is refused', async () => {
    await expect(
      readSecret({ variable: 'API_KEY', prompt: 'Key: ', env: {}, ...answers('') }),
    ).rejects.toEqual(new UsageError('API_KEY: must not be empty'));
  });
});

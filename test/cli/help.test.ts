import type { Command } from 'commander';
import { createProgram } from '../../src/cli/create-program';
import { runMain } from '../../src/cli/main';

/** Every command's words, from the program down: [], ['keys'], ['keys', 'generate'], … */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

describe('--help', () => {
  let log: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each(commandPaths(createProgram()).map((path) => [path.join(' ') || '(the program)', path]))(
    'when asked of %s, then it exits 0 with the usage and an example',
    async (_name, path) => {
      expect(await runMain([...path, '--help'])).toBe(0);
      const printed = log.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(printed).toMatch(/^Usage: flows-endpoint/);
      expect(printed).toMatch(/Examples?:\n {2}(npm|npx) /);
    },
  );
});

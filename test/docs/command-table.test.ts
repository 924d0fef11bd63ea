import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli/create-program';
import { ROOT } from './markdown';

/** The words of every command that runs something (`keys generate`, not `keys`), as the CLI has them. */
function runnableCommands(command: Command, path: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const words = [...path, sub.name()];
    return sub.commands.length === 0 ? [words.join(' ')] : runnableCommands(sub, words);
  });
}

/** The command words of each row of the README's table under "## Command line". */
function tableCommands(readme: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf('## Command line');
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines
    .slice(start, end < 0 ? undefined : end)
    .map((line) => /^\| `([^`]+)`/.exec(line)?.[1])
    .filter((cell): cell is string => cell !== undefined)
    .map((cell) =>
      cell
        .split(' ')
        .filter((word, i, words) => words.slice(0, i + 1).every((w) => /^[a-z][a-z-]*$/.test(w)))
        .join(' '),
    );
}

describe("the README's command table", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const listed = tableCommands(readme);
  const commands = runnableCommands(createProgram());

  it('when compared with the command line, then it lists every command and subcommand', () => {
    expect(commands.filter((command) => !listed.includes(command))).toEqual([]);
    expect(commands.length).toBeGreaterThanOrEqual(30);
  });

  it('when compared with the command line, then every command it lists exists, once', () => {
    expect(listed.filter((command) => !commands.includes(command))).toEqual([]);
    expect(listed.filter((command, i) => listed.indexOf(command) !== i)).toEqual([]);
  });
});

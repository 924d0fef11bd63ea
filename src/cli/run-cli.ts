import { Command, CommanderError } from 'commander';
import { ConfigError } from '../errors/config-error';
import { UsageError } from './usage-error';

/** What a command's action may return: its exit code (nothing is 0). */
export type ActionResult = number | void;

const exitCodes = new WeakMap<Command, number>();

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/**
 * Wraps a command's action so that the exit code it returns reaches `runCli` (commander ignores
 * an action's return value). Commander passes the command itself as the last argument.
 */
export function action<Args extends unknown[]>(
  run: (...args: Args) => ActionResult | Promise<ActionResult>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    const code = (await run(...args)) ?? 0;
    const command = args[args.length - 1];
    if (command instanceof Command) exitCodes.set(rootOf(command), code);
  };
}

/** Every command answers its user the same way: mistakes exit 2 with one line. */
function configure(command: Command): void {
  command.exitOverride();
  // Through console, so that what a command prints and what commander prints go the same way.
  command.configureOutput({
    writeOut: (text) => console.log(text.trimEnd()),
    writeErr: (text) => console.error(text.trimEnd()),
  });
  command.showSuggestionAfterError(true);
  for (const sub of command.commands) configure(sub);
}

/** `DEBUG=1` or `--verbose` anywhere: a bug prints its stack. */
function wantsStack(argv: readonly string[]): boolean {
  return argv.includes('--verbose') || /^(1|true|yes)$/i.test(process.env.DEBUG ?? '');
}

/**
 * Runs a commander program on `argv` (the user's words, without node and the script) and gives the
 * exit code: 0 fine, 1 the command found problems or failed, 2 the user's mistake. Never throws.
 */
export async function runCli(program: Command, argv: readonly string[]): Promise<number> {
  configure(program);
  exitCodes.delete(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCodes.get(program) ?? 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander printed its own one line (or the help); help and version are not mistakes.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(err.problems.join('; '));
      return 2;
    }
    if (wantsStack(argv)) console.error(err);
    else
      console.error(
        `${err instanceof Error ? err.message : String(err)} (run with DEBUG=1 for details)`,
      );
    return 1;
  }
}

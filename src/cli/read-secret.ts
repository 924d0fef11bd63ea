import { UsageError } from './usage-error';

export interface ReadSecretOptions {
  /** The variable that holds it (e.g. PASSPHRASE); set, it is used without asking. */
  variable: string;
  /** What to ask on the terminal when the variable is not set. */
  prompt: string;
  /** Ask twice and compare (for a secret being chosen, not one being entered). */
  confirm?: boolean;
  /** How to ask; by default on the terminal without echo. Tests give their own. */
  ask?: (prompt: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
}

/**
 * A secret for a command: from its variable, else asked on the terminal without echo. Never a
 * command-line argument, where shell history and `ps` would see it.
 */
export async function readSecret(options: ReadSecretOptions): Promise<string> {
  const { variable, prompt, confirm = false, env = process.env } = options;
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const ask = options.ask ?? (process.stdin.isTTY ? askHidden : undefined);
  if (!ask) {
    throw new UsageError(`set ${variable}: it is not set and there is no terminal to ask on`);
  }
  const secret = await ask(prompt);
  if (secret === '') throw new UsageError(`${variable}: must not be empty`);
  if (confirm && (await ask('Again: ')) !== secret) {
    throw new UsageError(`${variable}: the two entries differ`);
  }
  return secret;
}

/** One line from the terminal in raw mode, echoing nothing; Ctrl-C cancels. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    input.on('data', onData);
  });
}

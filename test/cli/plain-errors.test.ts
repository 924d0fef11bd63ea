import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli/create-program';
import { runMain } from '../../src/cli/main';
import { servedFlowNames } from '../../src/cli/served-flows';

const SECRET = 'plain-errors-flow-token-secret-0123456789';

let dir: string;
let saved: NodeJS.ProcessEnv;
let log: jest.SpyInstance;
let error: jest.SpyInstance;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plain-errors-'));
  saved = { ...process.env };
  for (const name of ['NODE_ENV', 'APP_SECRET', 'FLOW_TOKEN_SECRET', 'STORE_URL', 'DEBUG']) {
    delete process.env[name];
  }
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

const stderr = () => error.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
const stdout = () => log.mock.calls.map((args) => args.map(String).join(' ')).join('\n');

/** A user's mistake: exit 2, one line on stderr, no stack. */
async function refused(argv: string[], env: Record<string, string> = {}): Promise<string> {
  Object.assign(process.env, env);
  expect(await runMain(argv)).toBe(2);
  const text = stderr();
  expect(text).not.toMatch(/^\s+at /m);
  expect(text.split('\n')).toHaveLength(1);
  return text;
}

/**
 * Every command's words below the program: ['validate'], ['keys'], ['keys', 'generate'], …, with
 * each mandatory option given, so that the unknown flag is what is refused.
 */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const words = [...path, sub.name()];
    const mandatory = sub.options
      .filter((option) => option.mandatory && option.long !== undefined)
      .flatMap((option) => [option.long as string, 'x']);
    return [[...words, ...mandatory], ...commandPaths(sub, words)];
  });
}

describe('every command answers a mistake with one plain line and exit 2', () => {
  it.each(commandPaths(createProgram()).map((path) => [path.join(' '), path]))(
    '%s with an unknown flag names the flag',
    async (_name, path) => {
      expect(await refused([...path, '--no-such-flag'])).toContain(
        "unknown option '--no-such-flag'",
      );
    },
  );

  it.each([
    ['validate with an unknown flag', ['validate', '--fix', 'flows']],
    ['validate without a file', ['validate']],
    ['types with an unknown flag', ['types', '--watch']],
    ['token with an unknown flag', ['token', 'book-appointment', '--expires', '1h']],
    ['token without a flow', ['token']],
    ['bookings with an unknown flag', ['bookings', '--since', 'yesterday']],
    ['bookings with an extra argument', ['bookings', 'all']],
    ['keys generate with an unknown flag', ['keys', 'generate', '--bits', '4096']],
    ['an unknown command', ['deploy-everything']],
  ])('%s', async (_case, argv) => {
    await refused(argv);
  });

  it('types on a directory that does not exist names it', async () => {
    expect(await refused(['types', join(dir, 'nope')])).toContain(join(dir, 'nope'));
  });
});

describe('flows token loads only what it needs', () => {
  it('when in production with FLOW_TOKEN_SECRET but no APP_SECRET or key, then it prints a token', async () => {
    process.env.NODE_ENV = 'production';
    process.env.FLOW_TOKEN_SECRET = SECRET;
    expect(await runMain(['token', 'book-appointment'])).toBe(0);
    expect(stdout()).toMatch(/^[\w.-]+$/);
    expect(stderr()).toBe('');
  });

  it('when in production without FLOW_TOKEN_SECRET, then it names FLOW_TOKEN_SECRET', async () => {
    expect(await refused(['token', 'book-appointment'], { NODE_ENV: 'production' })).toMatch(
      /^FLOW_TOKEN_SECRET is required in production/,
    );
  });

  it('when FLOW_TOKEN_SECRET is too short, then it says how long it must be', async () => {
    expect(await refused(['token', 'book-appointment'], { FLOW_TOKEN_SECRET: 'short' })).toBe(
      'FLOW_TOKEN_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)',
    );
  });

  it('when the flow is not served, then it lists the flows served and prints no token', async () => {
    expect(await refused(['token', 'no-such-flow'], { FLOW_TOKEN_SECRET: SECRET })).toBe(
      `<flow>: no flow named "no-such-flow" is served (served: ${servedFlowNames().join(', ')})`,
    );
    expect(stdout()).toBe('');
  });
});

describe.each([['bookings'], ['completions'], ['events']])(
  'flows %s reads only a store that exists',
  (command) => {
    it('when the SQLite file is not there, then it names STORE_URL and creates nothing', async () => {
      const path = join(dir, 'typo', 'flows.db');
      expect(await refused([command], { STORE_URL: `sqlite:${path}` })).toBe(
        `STORE_URL: there is no SQLite store at ${path} (check the path; nothing was created)`,
      );
      expect(existsSync(join(dir, 'typo'))).toBe(false);
      expect(stdout()).toBe('');
    });

    it('when the SQLite file is not there but its folder is, then the file is not created', async () => {
      const path = join(dir, 'typo.db');
      await refused([command], { STORE_URL: `sqlite:${path}` });
      expect(existsSync(path)).toBe(false);
    });
  },
);

describe('flows bookings opens the store it is given', () => {
  it('when STORE_URL is neither SQLite nor Redis, then it says what it must be', async () => {
    expect(await refused(['bookings'], { STORE_URL: 'postgres://db/flows' })).toBe(
      'STORE_URL must be sqlite:<path> or redis://host:port[/db]',
    );
  });

  it('when Redis does not answer, then it names STORE_URL and the host, not the password', async () => {
    const text = await refused(['bookings'], { STORE_URL: 'redis://:hunter2@127.0.0.1:1' });
    expect(text).toBe('STORE_URL: the Redis store at 127.0.0.1:1 does not answer (is it running?)');
  });

  it('when STORE_URL names a directory, then it says the SQLite store cannot be opened', async () => {
    expect(await refused(['bookings'], { STORE_URL: `sqlite:${dir}` })).toMatch(
      /^STORE_URL: cannot open the SQLite store at /,
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPublicKey } from '../helpers/test-keys';

/**
 * The command line as a developer runs it against this server: the business public key in a
 * file, APP_SECRET and FLOW_TOKEN_SECRET as the server's, and what it prints captured.
 */
export function deviceCli() {
  let dir = '';
  let saved: NodeJS.ProcessEnv = {};
  const out: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'device-cli-'));
    writeFileSync(
      join(dir, 'public.pem'),
      businessPublicKey.export({ type: 'spki', format: 'pem' }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    saved = { ...process.env };
    process.env.APP_SECRET = APP_SECRET;
    process.env.FLOW_TOKEN_SECRET = TOKEN_SECRET;
    out.length = 0;
    const capture = (...args: unknown[]) => void out.push(args.join(' '));
    jest.spyOn(console, 'log').mockImplementation(capture);
    jest.spyOn(console, 'error').mockImplementation(capture);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = saved;
  });

  return {
    publicKey: () => join(dir, 'public.pem'),
    /** Writes a file in the temporary directory and gives its path. */
    file: (name: string, content: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
    /** Runs one command; `printed` then holds what that run printed. */
    run: (...argv: string[]) => {
      out.length = 0;
      return runMain(argv);
    },
    printed: () => out.join('\n'),
  };
}

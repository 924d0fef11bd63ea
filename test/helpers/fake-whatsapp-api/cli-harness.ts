import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createProgram } from '../../../src/cli/create-program';
import { runCli } from '../../../src/cli/run-cli';
import { FakeWhatsAppApi, type Provider } from './fake-whatsapp-api';

/** Variables a command may read; each test starts from none of them. */
const VARIABLES = [
  'WHATSAPP_PROVIDER',
  'D360_HUB_URL',
  'D360_PARTNER_API_KEY',
  'D360_PARTNER_ID',
  'D360_WABA_ACCOUNT_ID',
  'D360_API_URL',
  'D360_API_KEY',
  'GRAPH_API_URL',
  'GRAPH_API_VERSION',
  'WHATSAPP_ACCESS_TOKEN',
  'WABA_ID',
  'PHONE_NUMBER_ID',
  'WHATSAPP_API_TIMEOUT_MS',
  'WHATSAPP_API_RETRIES',
  'PUBLIC_URL',
  'STORE_URL',
  'FLOW_TOKEN_SECRET',
  'PRIVATE_KEY',
  'PRIVATE_KEY_PATH',
  'PASSPHRASE',
  'APP_SECRET',
  'NODE_ENV',
];

const SECRET_VARIABLES = [
  'D360_PARTNER_API_KEY',
  'D360_API_KEY',
  'WHATSAPP_ACCESS_TOKEN',
  'FLOW_TOKEN_SECRET',
  'PRIVATE_KEY',
  'PASSPHRASE',
];

export const TEST_TOKEN_SECRET = 'a-test-flow-token-secret-of-at-least-32-chars';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** Both streams in the order they were written, as a person at the terminal sees them. */
  output: string;
}

/**
 * The commands against a fresh fake provider: a temporary directory for the lock file and the
 * store, the environment pointing at the fake, console output captured per run.
 */
export class CliHarness {
  readonly dir: string;
  readonly lockFile: string;
  readonly storeUrl: string;
  private saved: Record<string, string | undefined> = {};

  private constructor(
    readonly fake: FakeWhatsAppApi,
    readonly provider: Provider,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'whatsapp-api-'));
    this.lockFile = join(this.dir, 'flows.lock.json');
    this.storeUrl = `sqlite:${join(this.dir, 'flows.db')}`;
  }

  static async start(provider: Provider): Promise<CliHarness> {
    const harness = new CliHarness(await FakeWhatsAppApi.start(), provider);
    for (const name of VARIABLES) harness.saved[name] = process.env[name];
    for (const name of VARIABLES) delete process.env[name];
    harness.setEnv({
      ...harness.fake.env(provider),
      PUBLIC_URL: 'https://flows.example.com',
      STORE_URL: harness.storeUrl,
      FLOW_TOKEN_SECRET: TEST_TOKEN_SECRET,
      WHATSAPP_API_RETRIES: '2',
    });
    return harness;
  }

  setEnv(values: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  /**
   * `argv` run by the whole program, or by `command` alone (one built with a test's own
   * dependencies, such as a tenant directory in memory).
   */
  async run(argv: string[], command: Command = createProgram()): Promise<CliRun> {
    const out: string[] = [];
    const err: string[] = [];
    const output: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      out.push(args.join(' '));
      output.push(args.join(' '));
    });
    const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      err.push(args.join(' '));
      output.push(args.join(' '));
    });
    // Whatever the command does, no key, token or secret it was given may be printed.
    const secrets = SECRET_VARIABLES.map((name) => process.env[name]).filter(
      (value): value is string => value !== undefined && value.length >= 8,
    );
    try {
      const code = await runCli(command, argv);
      const run = { code, out: out.join('\n'), err: err.join('\n'), output: output.join('\n') };
      for (const secret of secrets) {
        expect(run.out).not.toContain(secret);
        expect(run.err).not.toContain(secret);
      }
      return run;
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  /** A command that takes --lock-file, pointed at this harness's lock file. */
  runWithLock(argv: string[]): Promise<CliRun> {
    return this.run([...argv, '--lock-file', this.lockFile]);
  }

  async stop(): Promise<void> {
    await this.fake.close();
    this.setEnv(this.saved);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { createWhatsAppClient, sign } from '../../src/testing/whatsapp-client';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { cloudMessages, nfmReply } from '../helpers/webhook-payloads';

const ROOT = join(__dirname, '..', '..');
const TOKEN_SECRET = 'packed-package-token-secret-0123456789ab';
const APP_SECRET = 'packed-package-app-secret';

let work: string;
let project: string;

/** A command in the project folder, as its developer types it; fails the test on a non-zero exit. */
function run(command: string, args: string[], cwd = project): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'development', FLOWS_DIR: '', npm_config_yes: 'true' },
    timeout: 240_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'packed-'));
  // prepack builds dist/ (TypeScript, declarations, the playground's page) first.
  run('npm', ['pack', '--silent', '--pack-destination', work], ROOT);
  const [tarball] = readdirSync(work).filter((file) => file.endsWith('.tgz'));
  project = join(work, 'project');
  mkdirSync(project);
  run('npm', ['init', '-y']);
  // Scripts blocked, as npm 12 does by default; dependencies come from the local cache.
  run('npm', [
    'i',
    join(work, tarball ?? ''),
    '--ignore-scripts',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
  ]);
  run('npx', ['flows-endpoint', 'init']);
  run('npx', ['flows-endpoint', 'new', 'lead-signup', '--template', 'data-exchange']);
  run('npx', ['flows-endpoint', 'new', 'welcome', '--template', 'navigate']);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package, installed in an empty folder with scripts blocked', () => {
  it('when its flows are validated and its tests run with the project’s own command, then both pass', () => {
    expect(run('npx', ['flows-endpoint', 'validate', 'flows']).stdout).toMatch(
      /lead-signup\/flow\.json: ok/,
    );
    const tested = run('npm', ['test']);
    expect(tested.stdout).toMatch(/ℹ pass [1-9]/);
    expect(tested.stdout).toMatch(/ℹ fail 0/);
  }, 240_000);

  it('when `flows-endpoint start` serves the scaffolded flows, then a data_exchange and a navigate-only completion go through', async () => {
    const server = spawn('npx', ['flows-endpoint', 'start'], {
      cwd: project,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        FLOWS_DIR: '',
        PORT: '0',
        HOST: '127.0.0.1',
        APP_SECRET,
        FLOW_TOKEN_SECRET: TOKEN_SECRET,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    server.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const logLine = (msg: string) =>
      out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === msg);
    const until = async <T>(what: string, probe: () => T | undefined): Promise<T> => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        const found = probe();
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no ${what}:\n${out}`);
    };
    try {
      const listening = await until('listening line', () => logLine('Flows Endpoint listening'));
      const url = `http://127.0.0.1:${listening.port as number}`;
      const publicKey = createPublicKey(readFileSync(join(project, 'keys', 'public.pem'), 'utf8'));
      const client = createWhatsAppClient({
        app: url,
        flow: 'lead-signup',
        appSecret: APP_SECRET,
        publicKey,
      });
      const flowToken = issueFlowToken({
        flow: 'lead-signup',
        subject: 'user-1',
        secret: TOKEN_SECRET,
      });

      const opened = await client.send({ version: '3.0', action: 'INIT', flow_token: flowToken });
      expect(opened.json).toMatchObject({ screen: 'SIGN_UP' });
      const signedUp = await client.send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'SIGN_UP',
        data: { name: 'Ada', email: 'ada@example.com' },
        flow_token: flowToken,
      });
      expect(signedUp.json).toEqual({ screen: 'THANKS', data: { name: 'Ada' } });

      // welcome never calls the endpoint: its answer arrives by webhook, matched by its token.
      const welcomeToken = issueFlowToken({
        flow: 'welcome',
        subject: 'user-2',
        secret: TOKEN_SECRET,
      });
      const body = JSON.stringify(
        cloudMessages([nfmReply({ response: { flow_token: welcomeToken, source: 'friend' } })]),
      );
      const delivered = await fetch(`${url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': sign(body, APP_SECRET),
        },
        body,
      });
      expect(delivered.status).toBe(200);
      await until('onComplete line', () => logLine('answer received'));
    } finally {
      if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }, 180_000);
});

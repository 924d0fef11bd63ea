import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flowJsonIsValid } from '../../src/cli/dev';
import { FIXTURE_KEYS } from '../helpers/test-keys';

const ROOT = join(__dirname, '..', '..');

let dir: string;
let error: jest.SpyInstance;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-'));
  mkdirSync(join(dir, 'my-flow'));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run dev checks flow.json before starting the server', () => {
  it('when every flow.json is valid, then the server may start', () => {
    copyFileSync(
      join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'),
      join(dir, 'my-flow', 'flow.json'),
    );
    expect(flowJsonIsValid(dir)).toBe(true);
  });

  it('when a flow.json is not JSON, then one plain line names the file and no stack is printed', () => {
    writeFileSync(join(dir, 'my-flow', 'flow.json'), '{"version": "6.0", "screens": [');
    expect(flowJsonIsValid(dir)).toBe(false);
    const printed = error.mock.calls.map((args) => args.join(' '));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/my-flow\/flow\.json: not valid JSON: /);
    expect(printed[0]).not.toMatch(/\n\s+at /);
  });
});

describe('npm run dev when the server cannot start', () => {
  let blocker: Server;
  let watcher: ChildProcess | undefined;
  afterEach(async () => {
    // tsx watch runs the server as its own child: end the whole group it leads.
    if (watcher?.pid !== undefined && watcher.exitCode === null) {
      const gone = new Promise((resolve) => watcher?.once('exit', resolve));
      process.kill(-watcher.pid, 'SIGKILL');
      await gone;
    }
    blocker.close();
  });

  it('when the port is taken, then it prints one plain line, says it waits for a change, and keeps waiting', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    watcher = spawn(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['watch', join(ROOT, 'src', 'cli', 'dev.ts')],
      {
        cwd: dir,
        detached: true,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          PRIVATE_KEY_PATH: join(FIXTURE_KEYS, 'rsa-2048-pkcs8.pem'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    watcher.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    watcher.stdout?.resume();
    const waiting = 'Fix it and save a file: the server restarts by itself.';
    while (!stderr.includes(waiting)) {
      if (watcher.exitCode !== null) throw new Error(`dev exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr.trim().split('\n')).toEqual([
      `Flows Endpoint cannot start: port ${port} on 127.0.0.1 is already in use (stop what uses it, or set PORT to another port)`,
      waiting,
    ]);
    expect(watcher.exitCode).toBeNull();
  });
});

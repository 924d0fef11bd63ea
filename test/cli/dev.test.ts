import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_FLOWS, TSX } from '../../scripts/lib/server-process';
import { FIXTURE_KEYS } from '../helpers/test-keys';

const ROOT = join(__dirname, '..', '..');

describe('flows-endpoint dev when the server cannot start', () => {
  let dir: string;
  let blocker: Server;
  let dev: ChildProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-'));
  });
  afterEach(async () => {
    // dev runs the server as its own child: end the whole group it leads.
    if (dev?.pid !== undefined && dev.exitCode === null) {
      const gone = new Promise((resolve) => dev?.once('exit', resolve));
      process.kill(-dev.pid, 'SIGKILL');
      await gone;
    }
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the port is taken, then it prints one plain line, says it waits for a change, and keeps waiting', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    dev = spawn(process.execPath, ['-r', TSX, join(ROOT, 'src', 'cli', 'main.ts'), 'dev'], {
      cwd: dir,
      detached: true,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        FLOWS_DIR: EXAMPLE_FLOWS,
        FLOWS_CACHE_DIR: join(dir, 'cache'),
        STORE_URL: `sqlite:${join(dir, 'flows.db')}`,
        PRIVATE_KEY_PATH: join(FIXTURE_KEYS, 'rsa-2048-pkcs8.pem'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    dev.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    dev.stdout?.resume();
    const waiting = 'Fix it and save a file: the server restarts by itself.';
    while (!stderr.includes(waiting)) {
      if (dev.exitCode !== null) throw new Error(`dev exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr.trim().split('\n')).toEqual([
      `Flows Endpoint cannot start: port ${port} on 127.0.0.1 is already in use (stop what uses it, or set PORT to another port)`,
      waiting,
    ]);
    expect(dev.exitCode).toBeNull();
  });
});

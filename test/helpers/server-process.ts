import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, type Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_FLOWS, SERVER_SOURCE, TSX, type Exit } from '../../scripts/lib/server-process';
import { fixturePem } from './test-keys';

/**
 * The real entry point in a child process: `node -r tsx/cjs src/server.ts`, no build step. Give it
 * a fresh temp dir as cwd, so a generated development key never lands in the repository's keys/.
 */
const START_TIMEOUT_MS = 30_000;

export type { Exit };

export interface ServerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
}

/** What a production server needs, its secrets named after `name` (the app secret signs). */
export function productionEnv(name: string) {
  return {
    NODE_ENV: 'production',
    APP_SECRET: `${name}-app-secret`,
    FLOW_TOKEN_SECRET: `${name}-flow-token-secret-0123456789abcdef`,
    PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
    METRICS_TOKEN: `${name}-metrics-token`,
    LOG_LEVEL: 'info',
  };
}

/** A clean environment: nothing leaks from the test runner (jest sets NODE_ENV=test). */
export function spawnServer(cwd: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['-r', TSX, SERVER_SOURCE], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      FLOWS_DIR: EXAMPLE_FLOWS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/**
 * For a test file or describe block: each test gets a fresh temp dir as the servers' cwd; every
 * server `start`ed in it is killed and the dir removed after the test.
 */
export function serversPerTest(prefix: string): {
  cwd: () => string;
  start: (env: Record<string, string>) => ServerProcess;
} {
  let cwd = '';
  let started: ServerProcess[] = [];
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), prefix));
    started = [];
  });
  afterEach(async () => {
    await Promise.all(started.map(killServer));
    rmSync(cwd, { recursive: true, force: true });
  });
  return {
    cwd: () => cwd,
    start(env) {
      const server = spawnServer(cwd, env);
      started.push(server);
      return server;
    },
  };
}

/** Kills what still runs and waits for it to be gone. */
export async function killServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}

/** The JSON log lines printed so far (the start-up banner is plain text and skipped). */
export function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Resolves with the real port from the "listening" log line; fails if the process exits first. */
export async function listeningPort(server: ServerProcess): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exit: Exit | undefined;
  void server.exited.then((value) => (exit = value));
  while (Date.now() < deadline) {
    const line = logLines(server).find((entry) => entry.msg === 'Flows Endpoint listening');
    if (line) return line.port as number;
    if (exit) {
      throw new Error(
        `server exited (${JSON.stringify(exit)}) before listening:\n${server.stdout()}\n${server.stderr()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`server did not listen within ${START_TIMEOUT_MS} ms:\n${server.stdout()}`);
}

export function getJson(
  port: number,
  path: string,
  agent?: Agent,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    }).on('error', reject);
  });
}

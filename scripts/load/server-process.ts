import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The real entry point in production mode, from source (`node -r tsx/cjs src/server.ts`, nothing
 * built), pinned to one CPU when taskset exists, its output in a file of the run's temp dir.
 */
const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'src', 'server.ts');
const TSX = require.resolve('tsx/cjs');
const START_TIMEOUT_MS = 20_000;

export const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  pid: number;
  port: number;
  child: ChildProcess;
  exited: Promise<Exit>;
  logFile: string;
  /** SIGTERM, resolved with the exit. */
  stop(): Promise<Exit>;
}

/** Every server started, so that none outlives the run, whatever happens. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', () => resolve(0));
  });
}

export async function startServer(options: {
  /** A temp dir: the server's cwd (no .env is read from the repository) and its log. */
  dir: string;
  env: Record<string, string>;
  cpu?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = join(options.dir, 'server.log');
  const out = openSync(logFile, 'a');
  const node = [process.execPath, '-r', TSX, SERVER];
  const [command, ...args] =
    hasTaskset && options.cpu !== undefined
      ? ['taskset', '-c', String(options.cpu), ...node]
      : node;
  // taskset execs node in place, so the pid is the server's own.
  const child = spawn(command as string, args, {
    cwd: options.dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WEB_CONCURRENCY: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...options.env,
    },
    stdio: ['ignore', out, out],
  });
  started.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    }),
  );
  const deadline = Date.now() + START_TIMEOUT_MS;
  while ((await getStatus(port, '/healthz')) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: child.pid as number,
    port,
    child,
    exited,
    logFile,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The server's log lines at error level or above (JSON lines; anything else is ignored). */
export function errorLines(logFile: string): string[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .filter((line) => {
      try {
        return Number((JSON.parse(line) as { level?: unknown }).level) >= 50;
      } catch {
        return false;
      }
    });
}

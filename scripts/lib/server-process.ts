import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * Servers for the bench and the load test: the real entry point (from source through tsx, or
 * built), in production mode on a free loopback port, optionally pinned to CPUs, its output in a
 * log file; started once it answers /healthz. None outlives the run.
 */
const ROOT = join(__dirname, '..', '..');
export const SERVER_SOURCE = join(ROOT, 'src', 'server.ts');
export const SERVER_BUILT = join(ROOT, 'dist', 'server.js');
export const TSX = require.resolve('tsx/cjs');
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 15_000;

export const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

/**
 * Runs this script again pinned to `cpu` (its load generator then keeps off the server's CPU) and
 * exits with its status; returns at once in the pinned run, or when there is no taskset.
 */
export function runPinned(cpu: number, script: string): void {
  if (!hasTaskset || process.env.FLOWS_SCRIPT_PINNED === '1') return;
  const args = ['-c', String(cpu), process.execPath, '-r', TSX, script, ...process.argv.slice(2)];
  const env = { ...process.env, FLOWS_SCRIPT_PINNED: '1' };
  process.exit(spawnSync('taskset', args, { stdio: 'inherit', env }).status ?? 1);
}

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
  /** SIGTERM (a graceful shutdown, which also writes a --cpu-prof profile), SIGKILL if it hangs. */
  stop(): Promise<Exit>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The status of a GET on a fresh connection; 0 when none came. */
export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', () => resolve(0));
  });
}

export async function startServer(options: {
  /** A temp dir: the server's cwd (no .env is read from the repository) and its log's home. */
  dir: string;
  env: Record<string, string>;
  /** The CPUs it may use (`0`, `0-1`); a child inherits its parent's affinity otherwise. */
  cpu?: number | string;
  /** The source entry point unless told otherwise; a `.ts` script runs through tsx. */
  script?: string;
  nodeArgs?: string[];
  /** Names the log file (`<name>.log`). */
  name?: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = join(options.dir, `${options.name ?? 'server'}.log`);
  const script = options.script ?? SERVER_SOURCE;
  const node = [
    process.execPath,
    ...(script.endsWith('.ts') ? ['-r', TSX] : []),
    ...(options.nodeArgs ?? []),
    script,
  ];
  const [command, ...args] =
    hasTaskset && options.cpu !== undefined
      ? ['taskset', '-c', String(options.cpu), ...node]
      : node;
  const out = openSync(logFile, 'a');
  // taskset execs node in place, so the pid is the server's own.
  const child = spawn(command as string, args, {
    cwd: options.dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WEB_CONCURRENCY: '1',
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out); // the child has its own copy
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
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
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        void exited.then(() => clearTimeout(killer));
      }
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

function procStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

/** Resident memory (VmRSS) of a process and its cluster workers, in MiB. */
export function residentMiB(pid: number): number {
  let kb = 0;
  for (const each of [pid, ...serverChildren(pid)]) {
    kb += Number(/VmRSS:\s+(\d+) kB/.exec(procStatus(each))?.[1] ?? 0);
  }
  return kb / 1024;
}

/** Open file descriptors of a process: sockets, the SQLite files, pipes. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** The CPUs the kernel lets a process run on ("0", "0-1"): proof that pinning took. */
export function cpusAllowed(pid: number): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(procStatus(pid))?.[1] ?? 'unknown';
}

/** Children running server.js (cluster workers), found through /proc: no pgrep needed. */
export function serverChildren(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      try {
        const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
        // The parent pid is the second field after the parenthesised command name.
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === pid && readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('server');
      } catch {
        return false; // gone meanwhile
      }
    });
}

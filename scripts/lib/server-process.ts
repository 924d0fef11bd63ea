import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { freePort } from './free-port';

/** The real server for the bench, the load test and the process tests: one way to start it. */
const ROOT = join(__dirname, '..', '..');
export const SERVER_SOURCE = join(ROOT, 'src', 'server.ts');
export const SERVER_BUILT = join(ROOT, 'dist', 'server.js');
/** This repository's example flows, which the servers started here serve. */
export const EXAMPLE_FLOWS = join(ROOT, 'flows');
export const TSX = require.resolve('tsx/cjs');
export const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

/** Pins this process, every thread of it, to `cpu` (off the server's); false when it cannot. */
export const pinSelf = (cpu: number): boolean =>
  hasTaskset &&
  spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)]).status === 0;

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
  /** SIGTERM (which also writes a --cpu-prof profile), SIGKILL after 15 s. */
  stop(): Promise<Exit>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** The status of a GET on a fresh connection (so each cluster worker gets some); 0 when none. */
export const getStatus = (port: number, path: string) =>
  new Promise<number>((resolve) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', () => resolve(0));
  });

/** In production mode on a free loopback port, cwd `dir` (no developer's .env), logging to a file. */
export async function startServer(options: {
  dir: string;
  env: Record<string, string>;
  /** The CPUs it may use (`0`, `0,1`). */
  cpu?: number | string;
  /** The source entry point unless told otherwise; a `.ts` runs through tsx. */
  script?: string;
  nodeArgs?: string[];
  name?: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = join(options.dir, `${options.name ?? 'server'}.log`);
  const script = options.script ?? SERVER_SOURCE;
  const node = [process.execPath, ...(script.endsWith('.ts') ? ['-r', TSX] : [])];
  const command = [...node, ...(options.nodeArgs ?? []), script];
  const pinned = hasTaskset && options.cpu !== undefined;
  const [file, ...args] = pinned ? ['taskset', '-c', String(options.cpu), ...command] : command;
  const out = openSync(logFile, 'a');
  // taskset execs node in place, so the pid is the server's own.
  const child = spawn(file as string, args, {
    cwd: options.dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WEB_CONCURRENCY: '1',
      // Loopback only: /metrics open on purpose, as production requires saying.
      METRICS_PUBLIC: 'true',
      FLOWS_DIR: EXAMPLE_FLOWS,
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 20_000;
  while ((await getStatus(port, '/healthz')) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      void exited.then(() => clearTimeout(killer));
    }
    return exited.finally(() => running.delete(child));
  };
  return { pid: child.pid as number, port, child, exited, logFile, stop };
}

/** The server's log lines at error level or above. */
export const errorLines = (logFile: string): string[] =>
  readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => /"level":(5|6)\d/.test(line));

const proc = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // gone meanwhile
  }
};

/** Cluster workers: children whose command line runs the server. */
export const serverChildren = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      const stat = proc(child, 'stat');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === pid && proc(child, 'cmdline').includes('server');
    });

/** Resident memory of a server and its workers, in MiB. */
export const residentMiB = (pid: number): number =>
  [pid, ...serverChildren(pid)]
    .map((each) => Number(/VmRSS:\s+(\d+) kB/.exec(proc(each, 'status'))?.[1] ?? 0))
    .reduce((sum, kb) => sum + kb / 1024, 0);

export const openFds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

/** The CPUs the kernel lets a process run on: proof that pinning took. */
export const cpusAllowed = (pid: number): string =>
  /Cpus_allowed_list:\s*(\S+)/.exec(proc(pid, 'status'))?.[1] ?? 'unknown';

/**
 * CPU seconds a process used so far (utime + stime, fields 14 and 15, in 1/100 s); with
 * `mainThread`, its main thread's alone (JavaScript runs there; GC helpers and the libuv pool not).
 */
export function cpuSeconds(pid: number, mainThread = false): number {
  const stat = proc(pid, mainThread ? `task/${pid}/stat` : 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The built server (dist/server.js), its output to a file, optionally pinned to one CPU. */
export function startServer(options: {
  root: string;
  env: Record<string, string>;
  logFile: string;
  /**
   * The CPUs it may use (`0`, `0-1`). Give all of them to "not pin" a server started from a pinned
   * process: a child inherits its parent's affinity.
   */
  cpu?: number | string;
  nodeArgs?: string[];
  /** The script to run; the built server unless told otherwise. */
  script?: string;
  /** Where it runs (and looks for a .env); the project root unless told otherwise. */
  cwd?: string;
}): ChildProcess {
  const out = openSync(options.logFile, 'a');
  const node = [
    process.execPath,
    ...(options.nodeArgs ?? []),
    options.script ?? join(options.root, 'dist', 'server.js'),
  ];
  const [command, ...args] =
    options.cpu !== undefined && hasTaskset
      ? ['taskset', '-c', String(options.cpu), ...node]
      : node;
  const child = spawn(command as string, args, {
    cwd: options.cwd ?? options.root,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', out, out],
  });
  closeSync(out); // the child has its own copy
  return child;
}

export async function waitForHealth(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server on port ${port} did not become healthy`);
}

/** Resident memory (VmRSS) of a process and its cluster workers, in MB. */
export function residentMb(pid: number): number {
  let kb = 0;
  for (const each of [pid, ...serverChildren(pid)]) {
    kb += Number(/VmRSS:\s+(\d+) kB/.exec(procStatus(each))?.[1] ?? 0);
  }
  return kb / 1024;
}

/** The CPUs the kernel lets a process run on ("0", "0-1"): proof that pinning took. */
export function cpusAllowed(pid: number): string {
  return /Cpus_allowed_list:\s*(\S+)/.exec(procStatus(pid))?.[1] ?? 'unknown';
}

function procStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
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
        return (
          parent === pid && readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('server.js')
        );
      } catch {
        return false; // gone meanwhile
      }
    });
}

/** SIGTERM (a graceful shutdown, which also writes a --cpu-prof profile), SIGKILL if it hangs. */
export function stopServer(server: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const killer = setTimeout(() => server.kill('SIGKILL'), graceMs);
    server.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

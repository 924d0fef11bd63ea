import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process, in MiB, from /proc (Linux only, like the rest of the run). */
export function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

/** Open file descriptors of a process: sockets, the SQLite files, pipes. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

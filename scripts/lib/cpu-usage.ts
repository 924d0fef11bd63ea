import { readFileSync } from 'node:fs';
import { serverChildren } from './server-process';

/**
 * CPU time from /proc, in seconds: the whole machine, the server (with its cluster workers) and
 * this process. Their difference over a measurement is "everyone else": another job on the
 * machine while the bench runs makes its figures noise, and this is how that gets noticed.
 */
export interface CpuSnapshot {
  at: bigint;
  machine: number;
  server: number;
  self: number;
}

/** USER_HZ: Linux reports CPU times in 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

function processSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are fields 14 and 15; the fields after "(comm)" start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // exited meanwhile
  }
}

function machineSeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
    TICKS_PER_SECOND
  );
}

export function cpuSnapshot(serverPid: number): CpuSnapshot {
  const server = [serverPid, ...serverChildren(serverPid)].reduce(
    (sum, pid) => sum + processSeconds(pid),
    0,
  );
  return {
    at: process.hrtime.bigint(),
    machine: machineSeconds(),
    server,
    self: processSeconds(process.pid),
  };
}

/** Cores' worth of CPU used between two snapshots (1 = one core busy all the time). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot) {
  const wall = Number(after.at - before.at) / 1e9;
  const server = (after.server - before.server) / wall;
  const self = (after.self - before.self) / wall;
  const machine = (after.machine - before.machine) / wall;
  return { server, others: Math.max(0, machine - server - self) };
}

/** Cores' worth of CPU the whole machine used over `ms`. */
export async function machineBusy(ms: number): Promise<number> {
  const before = machineSeconds();
  const from = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (machineSeconds() - before) / (Number(process.hrtime.bigint() - from) / 1e9);
}

/**
 * Waits, up to `maxSeconds`, for a second in which the machine is nearly idle: a bench started
 * beside someone's test run measures the test run. Returns the last second's busy cores.
 */
export async function waitForQuiet(maxSeconds: number, threshold = 0.15): Promise<number> {
  let busy = await machineBusy(1000);
  for (let waited = 1; busy > threshold && waited < maxSeconds; waited++) {
    busy = await machineBusy(1000);
  }
  return busy;
}

/** Cores' worth of CPU the machine used while `run` ran (a child process measured inside it). */
export function machineBusyDuring<T>(run: () => T): { value: T; busy: number } {
  const before = machineSeconds();
  const from = process.hrtime.bigint();
  const value = run();
  return {
    value,
    busy: (machineSeconds() - before) / (Number(process.hrtime.bigint() - from) / 1e9),
  };
}

import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds, serverChildren } from './server-process';

const servers = (pid: number) => (pid ? [pid, ...serverChildren(pid)] : []);

/**
 * CPU seconds of the whole machine, the server (with its workers; also their main threads alone)
 * and this process, with the time.
 */
export const cpuSnapshot = (serverPid = 0) => ({
  at: performance.now(),
  machine: cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0) / 1000,
  server: servers(serverPid).reduce((s, p) => s + cpuSeconds(p), 0),
  serverMain: servers(serverPid).reduce((s, p) => s + cpuSeconds(p, true), 0),
  self: cpuSeconds(process.pid),
});
type Snapshot = ReturnType<typeof cpuSnapshot>;

/**
 * Cores busy between two snapshots (1 = one core all the time): the server, this process (the
 * load generator), and everyone else, whose share makes a measurement noise.
 */
export function cpuBetween(before: Snapshot, after: Snapshot) {
  const wall = (after.at - before.at) / 1000;
  const [server, self, machine] = (['server', 'self', 'machine'] as const).map(
    (key) => (after[key] - before[key]) / wall,
  ) as [number, number, number];
  return { server, self, others: Math.max(0, machine - server - self) };
}

/** Waits up to `maxSeconds` for a second in which the machine is nearly idle; its busy cores. */
export async function waitForQuiet(maxSeconds: number, threshold = 0.15): Promise<number> {
  let busy = Infinity;
  for (let waited = 0; busy > threshold && waited < maxSeconds; waited++) {
    const before = cpuSnapshot();
    await sleep(1000);
    busy = cpuBetween(before, cpuSnapshot()).others;
  }
  return busy;
}

import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** One answer, times in ms since the run's `origin`. */
export interface Answer {
  status: number;
  sentAt: number;
  doneAt: number;
  latency: number;
  /** Set when the answer was not what the request should get. */
  problem?: string;
}

export interface LoadRun {
  answers: Answer[];
  seconds: number;
  perSecond: number;
  statuses: Map<number, number>;
  problems: Answer[];
}

export interface DriveOptions {
  connections: number;
  /** Sends request `i` and says how it ended (a problem when the answer was wrong). */
  send: (i: number, agent: Agent) => Promise<{ status: number; problem?: string }>;
  /** Stop after this many requests... */
  count?: number;
  /** ...or after this many seconds, whichever comes first. */
  seconds?: number;
  /** At most this many requests a second, evenly spaced: a steady load short of saturation. */
  rate?: number;
  /** Reused across runs so the connections stay open (and count the same) between them. */
  agent?: Agent;
  /** Times are reported relative to this `performance.now()` value. */
  origin?: number;
}

/**
 * `connections` loops, each sending the next request as soon as its previous answer came: a
 * closed loop, so the rate is what the server sustains (or `rate`, when it sustains that).
 */
export async function driveLoad(options: DriveOptions): Promise<LoadRun> {
  const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: options.connections });
  const origin = options.origin ?? performance.now();
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const count = options.count ?? Infinity;
  const answers: Answer[] = [];
  let next = 0;
  const loop = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const due = options.rate === undefined ? 0 : started + (i * 1000) / options.rate;
      if (due > performance.now()) await sleep(due - performance.now());
      const sentAt = performance.now();
      const { status, problem } = await options.send(i, agent);
      const doneAt = performance.now();
      answers.push({
        status,
        sentAt: sentAt - origin,
        doneAt: doneAt - origin,
        latency: doneAt - sentAt,
        problem,
      });
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  if (!options.agent) agent.destroy();
  const statuses = new Map<number, number>();
  for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  return {
    answers,
    seconds,
    perSecond: answers.length / seconds,
    statuses,
    problems: answers.filter((answer) => answer.problem !== undefined),
  };
}

export const statusList = (statuses: Map<number, number>): string =>
  [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status || 'none'}`)
    .join(', ');

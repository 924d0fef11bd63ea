import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { checkAnswer } from './check-answer';
import { post } from './post';
import type { PreparedRequest } from './prepared-requests';

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
  port: number;
  requests: readonly PreparedRequest[];
  connections: number;
  /** Reused across runs so the connections stay open (and count the same) between them. */
  agent?: Agent;
  /** Stop sending after this many seconds even if requests remain. */
  seconds?: number;
  /** 503s saying the store is unavailable count as right answers. */
  allow503?: boolean;
  /** Times are reported relative to this `performance.now()` value. */
  origin?: number;
}

/**
 * `connections` loops, each sending the next unused request as soon as its previous answer came:
 * a closed loop, so the rate is what the server sustains. Every answer is checked.
 */
export async function driveLoad(options: DriveOptions): Promise<LoadRun> {
  const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: options.connections });
  const origin = options.origin ?? performance.now();
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const answers: Answer[] = [];
  let next = 0;
  const loop = async () => {
    while (next < options.requests.length && performance.now() < deadline) {
      const prepared = options.requests[next++] as PreparedRequest;
      const sentAt = performance.now();
      const reply = await post(prepared, { port: options.port, agent });
      const doneAt = performance.now();
      const problem =
        reply.failure ?? checkAnswer(prepared, reply.status, reply.text, options.allow503);
      answers.push({
        status: reply.status,
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

import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SealedBody } from './sealed-requests';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Answers other than 200, timeouts and dropped connections included. */
  errors: number;
  /** Count per status; 0 is a request that got no HTTP answer. */
  statuses: Record<string, number>;
  /** The bodies ran out before the time did: the figures cover less than asked for. */
  exhausted: boolean;
  /** This process's CPU time over wall time (1 = one core busy): is the generator the limit? */
  generatorCpu: number;
  /**
   * p99 of the generator's event-loop delay (ms), for the Node client: a late loop inflates every
   * latency it measures.
   */
  generatorLoopDelayP99?: number;
}

function post(
  agent: Agent,
  port: number,
  path: string,
  sealed: SealedBody,
  timeoutMs: number | undefined,
): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(sealed.body),
          'x-hub-signature-256': sealed.signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    // Without a deadline a hung server would hang the caller too.
    if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(sealed.body);
  });
}

/** The histogram records whole timer intervals: this much of each value is the interval itself. */
const LOOP_RESOLUTION_MS = 10;

/** What to send, where, how hard and for how long: the same for either load generator. */
export interface LoadPlan {
  port: number;
  path: string;
  bodies: SealedBody[];
  connections: number;
  seconds: number;
  /** A request unanswered this long is dropped and counted as status 0. */
  timeoutMs?: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * `connections` keep-alive connections, each sending the next unused body as soon as its previous
 * answer arrived, for `seconds` (or until the bodies run out). Latencies in milliseconds.
 */
export async function driveLoad(
  options: LoadPlan & {
    /** Told of every answer: its status, latency (ms) and when it arrived (ms since start). */
    onAnswer?: (status: number, latencyMs: number, atMs: number) => void;
  },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  let next = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(options.seconds * 1e9));
  const loop = async () => {
    while (next < options.bodies.length && process.hrtime.bigint() < deadline) {
      const sealed = options.bodies[next++] as SealedBody;
      const sent = process.hrtime.bigint();
      const status = await post(agent, options.port, options.path, sealed, options.timeoutMs);
      const now = process.hrtime.bigint();
      const latency = Number(now - sent) / 1e6;
      latencies.push(latency);
      options.onAnswer?.(status, latency, Number(now - started) / 1e6);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    errors: latencies.length - (statuses['200'] ?? 0),
    statuses,
    exhausted: next >= options.bodies.length && process.hrtime.bigint() < deadline,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / seconds,
    generatorLoopDelayP99: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
  };
}

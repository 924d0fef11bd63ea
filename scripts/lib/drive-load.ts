import autocannon from 'autocannon';

/** One answer; times in ms since the run's `origin`. */
export interface Answer {
  status: number;
  sentAt: number;
  doneAt: number;
  latency: number;
  /** Set when the answer was not what the request should get. */
  problem?: string;
}

export type LoadRun = Awaited<ReturnType<typeof driveLoad>>;

export interface Load {
  port: number;
  path: string;
  connections: number;
  /** Request `i` (a signed body, to `path` unless it names its own); in order, each once while they last. */
  bodies: readonly { body: Buffer | string; signature: string; path?: string }[];
  /** What is wrong with request `i`'s answer, if anything. */
  check?: (i: number, status: number, text: string) => string | undefined;
  /** Stop after `count` requests, or after `seconds`; at most `rate` a second. */
  count?: number;
  seconds?: number;
  rate?: number;
  /** Times are reported relative to this `performance.now()`. */
  origin?: number;
}

/**
 * autocannon, closed loop: each connection sends its next request when the last was answered.
 * Latency is timed here, per request, because autocannon's histogram counts whole milliseconds.
 */
export async function driveLoad(load: Load) {
  const origin = load.origin ?? performance.now();
  const answers: Answer[] = [];
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${load.port}${load.path}`,
    connections: load.connections,
    ...(load.count ? { amount: load.count } : { duration: load.seconds ?? 10 }),
    ...(load.rate && { overallRate: load.rate }),
    timeout: 10, // WhatsApp's own limit
    sampleInt: 100, // it notices the end of `seconds` only at a sample: 1 s late by default
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const i = next++;
          const { body, signature, path } = load.bodies[
            i % load.bodies.length
          ] as Load['bodies'][0];
          Object.assign(context, { i, sentAt: performance.now() });
          const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signature };
          return { ...request, ...(path && { path }), body, headers };
        },
        onResponse: (status, text, context) => {
          const { i, sentAt } = context as { i: number; sentAt: number };
          const doneAt = performance.now();
          const problem = load.check?.(i, status, text);
          answers.push({
            status,
            sentAt: sentAt - origin,
            doneAt: doneAt - origin,
            latency: doneAt - sentAt,
            problem,
          });
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const statuses = new Map<number, number>();
  for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  if (result.errors > 0) statuses.set(0, result.errors);
  const problems = answers.filter((answer) => answer.problem !== undefined);
  // More requests than bodies: some were sent twice.
  const exhausted = next > load.bodies.length;
  return { answers, seconds, perSecond: answers.length / seconds, statuses, problems, exhausted };
}

/** The values below which each `p` (0–1) of the values fall; one sort for all of them. */
export function percentiles<const P extends readonly number[]>(values: readonly number[], ps: P) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return ps.map((p) => at(p) ?? 0) as { [K in keyof P]: number };
}

export const percentile = (values: readonly number[], p: number): number =>
  percentiles(values, [p])[0];

export const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

export function latencySummary(latencies: number[]): string {
  const [p50, p90, p99, max] = percentiles(latencies, [0.5, 0.9, 0.99, 1]).map(ms);
  return `p50 ${p50}, p90 ${p90}, p99 ${p99}, max ${max}`;
}

export const statusList = (statuses: Map<number, number>): string =>
  [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status || 'none'}`)
    .join(', ');

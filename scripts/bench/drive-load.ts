import { Agent, request } from 'node:http';
import type { SealedBody } from './sealed-requests';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
}

function post(agent: Agent, port: number, path: string, sealed: SealedBody): Promise<number> {
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
      },
    );
    req.on('error', () => resolve(0));
    req.end(sealed.body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * `connections` keep-alive connections, each sending the next unused body as soon as its previous
 * answer arrived, for `seconds` (or until the bodies run out). Latencies in milliseconds.
 */
export async function driveLoad(options: {
  port: number;
  path: string;
  bodies: SealedBody[];
  connections: number;
  seconds: number;
  /** Told of every answer: its status, latency (ms) and when it arrived (ms since start). */
  onAnswer?: (status: number, latencyMs: number, atMs: number) => void;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(options.seconds * 1e9));
  const loop = async () => {
    while (next < options.bodies.length && process.hrtime.bigint() < deadline) {
      const sealed = options.bodies[next++] as SealedBody;
      const sent = process.hrtime.bigint();
      const status = await post(agent, options.port, options.path, sealed);
      const now = process.hrtime.bigint();
      const latency = Number(now - sent) / 1e6;
      latencies.push(latency);
      options.onAnswer?.(status, latency, Number(now - started) / 1e6);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors: latencies.length - (statuses['200'] ?? 0),
    statuses,
  };
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Signed } from '../lib/post';

const SCRIPT = join(__dirname, 'wrk-bodies.lua');

export interface LoadPlan {
  port: number;
  path: string;
  bodies: Signed[];
  connections: number;
  seconds: number;
  /** A request unanswered this long is dropped and counted as status 0. */
  timeoutMs?: number;
}

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
}

interface WrkOutput {
  requests: number;
  micros: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  socketErrors: number;
  timeouts: number;
  exhausted: boolean;
  statuses: Record<string, number>;
}

/** bash's `times`: the second line is the CPU its children (wrk) used, as "1m2.5s 0m0.3s". */
function childCpuSeconds(timesOutput: string): number {
  const line = timesOutput.trim().split('\n').at(-1) ?? '';
  return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, minutes, seconds]) => sum + Number(minutes) * 60 + Number(seconds),
    0,
  );
}

/**
 * A measured load made by wrk (a C load generator): one thread, `connections`
 * keep-alive connections, each body sent once. wrk's duration is whole seconds, so `seconds` is
 * rounded up. Its own cost per request is a fraction of a Node client's, so latency is the
 * server's, not the generator's.
 */
export async function driveWrk(options: LoadPlan): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'flows-wrk-'));
  const bodiesFile = join(dir, 'bodies.tsv');
  writeFileSync(bodiesFile, options.bodies.map((b) => `${b.signature}\t${b.body}\n`).join(''));
  const seconds = Math.max(1, Math.ceil(options.seconds));
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${seconds}s`,
    `--timeout`,
    `${Math.ceil((options.timeoutMs ?? 10_000) / 1000)}s`,
    '-s',
    SCRIPT,
    `http://127.0.0.1:${options.port}`,
  ];
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', 'wrk "$@" && times', 'wrk', ...args], {
        env: { ...process.env, BODIES_FILE: bodiesFile, FLOW_PATH: options.path },
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
      );
    });
    const json = /WRK_RESULT (\{.*\})/.exec(output)?.[1];
    if (!json) throw new Error(`wrk printed no result: ${output}`);
    const r = JSON.parse(json) as WrkOutput;
    const wall = r.micros / 1e6;
    const statuses: Record<string, number> = { ...r.statuses };
    const lost = r.socketErrors + r.timeouts;
    if (lost > 0) statuses['0'] = lost;
    const answered = Object.values(r.statuses).reduce((sum, n) => sum + n, 0);
    return {
      requests: answered + lost,
      seconds: wall,
      perSecond: answered / wall,
      p50: r.p50 / 1000,
      p90: r.p90 / 1000,
      p99: r.p99 / 1000,
      max: r.max / 1000,
      errors: answered + lost - (r.statuses['200'] ?? 0),
      statuses,
      exhausted: r.exhausted,
      generatorCpu: childCpuSeconds(output.slice(output.indexOf(json) + json.length)) / wall,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

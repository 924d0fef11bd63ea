import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const SCRIPT = join(__dirname, '..', 'bench', 'wrk-bodies.lua');

/** What `wrk-bodies.lua` prints when wrk is done. */
const totalsSchema = z.object({
  requests: z.number().int().nonnegative(),
  durationUs: z.number().int().positive(),
  /** Answers other than 2xx or 3xx. */
  status: z.number().int().nonnegative(),
  connect: z.number().int().nonnegative(),
  read: z.number().int().nonnegative(),
  write: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
  p50Us: z.number().nonnegative(),
  p99Us: z.number().nonnegative(),
});

export interface WrkLoad {
  port: number;
  path: string;
  connections: number;
  seconds: number;
  /** Signed bodies, each sent once while they last. */
  bodies: readonly { body: Buffer; signature: string }[];
  /** Where the bodies are written for wrk to read. */
  dir: string;
}

/**
 * wrk (C, Debian's package), closed loop like autocannon: a request costs it a fraction of what
 * autocannon's JavaScript does, which matters where the load generator shares the server's cores.
 * Latency comes from wrk's histogram (µs); errors are answers other than 2xx or 3xx, and sockets
 * that failed.
 */
export async function driveWrk(load: WrkLoad) {
  const file = join(load.dir, 'wrk-bodies.tsv');
  writeFileSync(file, load.bodies.map(({ body, signature }) => `${signature}\t${body}\n`).join(''));
  const child = spawn(
    'wrk',
    [
      // One thread keeps 32 connections busy here and costs less than two; the script sends every
      // body from it. wrk takes whole seconds only.
      ...['-t', '1', '-c', String(load.connections)],
      ...['-d', `${Math.max(1, Math.round(load.seconds))}s`],
      ...['--timeout', '10s', '-s', SCRIPT, `http://127.0.0.1:${load.port}`],
      ...['--', file, load.path],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const json = out.split('\n').find((line) => line.startsWith('{'));
  if (code !== 0 || json === undefined) throw new Error(`wrk failed (exit ${code}):\n${out}`);
  const totals = totalsSchema.parse(JSON.parse(json));
  const seconds = totals.durationUs / 1e6;
  return {
    requests: totals.requests,
    seconds,
    perSecond: totals.requests / seconds,
    errors: totals.status + totals.connect + totals.read + totals.write + totals.timeout,
    p50: totals.p50Us / 1000,
    p99: totals.p99Us / 1000,
    exhausted: totals.requests > load.bodies.length,
  };
}

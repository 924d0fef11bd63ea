import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueFlowToken } from '../src/tokens/issue-flow-token';
import { driveLoad, type LoadResult } from './bench/drive-load';
import { sealedRequests } from './bench/sealed-requests';
import {
  freePort,
  hasTaskset,
  residentMb,
  startServer,
  stopServer,
  waitForHealth,
} from './bench/server-process';
import { topFunctions } from './bench/top-functions';

/**
 * `npm run bench`: the crypto limit of one core, then the real server (built, production mode,
 * signatures, validation, logging and metrics on) under load, as ratios of that limit so that a
 * noisy machine cancels out. Options: --quick (shorter), --workers N (cluster mode, server not
 * pinned), --profile (a CPU profile of the server under data_exchange load).
 */
const ROOT = join(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const workersArg = args.indexOf('--workers');
const workers = Number(
  workersArg >= 0 ? args[workersArg + 1] : (process.env.BENCH_WEB_CONCURRENCY ?? 1),
);
const MEASURE_S = quick ? 5 : 15;
const WARMUP_S = quick ? 1.5 : 3;
const CONNECTIONS = 32;
const UNLOADED = quick ? 500 : 2000;
const TSX = require.resolve('tsx/cjs');
const PATH = '/flows/book-appointment';

// The load generator gets the second core, the server the first.
if (hasTaskset && process.env.BENCH_PINNED !== '1') {
  const result = spawnSync(
    'taskset',
    ['-c', '1', process.execPath, '-r', TSX, __filename, ...args],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PINNED: '1' },
    },
  );
  process.exit(result.status ?? 1);
}

function cryptoLimit(): number {
  const command = [
    process.execPath,
    '-r',
    TSX,
    join(__dirname, 'bench', 'crypto-limit.ts'),
    String(quick ? 2 : 3),
  ];
  const out = hasTaskset
    ? execFileSync('taskset', ['-c', '0', ...command], { encoding: 'utf8' })
    : execFileSync(command[0] as string, command.slice(1), { encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function main(): Promise<void> {
  console.log('building…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const limit = cryptoLimit();
  console.log(`crypto limit (1 core): ${fmt(limit)} ops/s`);

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appSecret = randomBytes(24).toString('hex');
  const tokenSecret = randomBytes(32).toString('hex');
  const tokens = Array.from({ length: 100 }, (_, i) =>
    issueFlowToken({ flow: 'book-appointment', secret: tokenSecret, subject: `bench-${i}` }),
  );
  const ping = () => ({ version: '3.0', action: 'ping' });
  const exchange = (i: number) => ({
    version: '3.0',
    action: 'data_exchange',
    screen: 'APPOINTMENT',
    data: { trigger: 'department_selected', department: 'home' },
    flow_token: tokens[i % tokens.length],
  });
  const pool = (quick ? 1500 : 2600) * MEASURE_S * Math.max(1, workers);
  console.log(`sealing ${2 * (pool + 3000 * WARMUP_S + UNLOADED)} unique requests…`);
  const seal = (count: number, payload: (i: number) => unknown) =>
    sealedRequests(count, payload, publicKey, appSecret);
  const bodies = {
    ping: { warm: seal(3000 * WARMUP_S, ping), load: seal(pool, ping), solo: seal(UNLOADED, ping) },
    exchange: {
      warm: seal(3000 * WARMUP_S, exchange),
      load: seal(pool, exchange),
      solo: seal(UNLOADED, exchange),
    },
  };

  const dir = mkdtempSync(join(tmpdir(), 'flows-bench-'));
  const port = await freePort();
  const pinned = hasTaskset && workers === 1;
  const server = startServer({
    root: ROOT,
    logFile: join(dir, 'server.log'),
    cpu: pinned ? 0 : undefined,
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'profile')}`] : [],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_SECRET: appSecret,
      FLOW_TOKEN_SECRET: tokenSecret,
      PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      STORE_URL: `sqlite:${join(dir, 'flows.db')}`,
      WEB_CONCURRENCY: String(workers),
    },
  });
  try {
    await waitForHealth(port);
    const run = (pick: typeof bodies.ping, connections: number, seconds: number) =>
      driveLoad({ port, path: PATH, bodies: pick.load, connections, seconds });
    const results: Record<'ping' | 'exchange', { load: LoadResult; solo: LoadResult }> =
      {} as never;
    for (const kind of ['ping', 'exchange'] as const) {
      await driveLoad({
        port,
        path: PATH,
        bodies: bodies[kind].warm,
        connections: CONNECTIONS,
        seconds: WARMUP_S,
      });
      const cpuBefore = process.cpuUsage();
      const load = await run(bodies[kind], CONNECTIONS, MEASURE_S);
      const generatorCpu = process.cpuUsage(cpuBefore);
      const solo = await driveLoad({
        port,
        path: PATH,
        bodies: bodies[kind].solo,
        connections: 1,
        seconds: 60,
      });
      results[kind] = { load, solo };
      console.log(
        `${kind}: ${fmt(load.perSecond)} req/s at ${CONNECTIONS} connections (p50 ${fmt(load.p50, 2)} ms, p99 ${fmt(load.p99, 2)} ms, errors ${load.errors}); ` +
          `load generator CPU ${fmt(((generatorCpu.user + generatorCpu.system) / 1e6 / load.seconds) * 100)} %; unloaded p50 ${fmt(solo.p50, 3)} ms`,
      );
      if (load.errors + solo.errors > 0) {
        console.log(
          `!!! ${kind}: ${load.errors + solo.errors} requests did not answer 200: ${JSON.stringify({ ...load.statuses })}`,
        );
      }
    }
    const rss = residentMb(server.pid as number);

    const cpu =
      /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
    const row = (name: string, ping: string, exchange: string) =>
      `| ${name} | ${ping} | ${exchange} |`;
    const { ping: p, exchange: x } = results;
    console.log(
      [
        '',
        `Machine: ${cpu}, ${cpus().length} cores, Node ${process.version}.`,
        `Method: server ${pinned ? 'pinned to CPU 0' : workers > 1 ? `in cluster mode with ${workers} workers, not pinned` : 'not pinned (no taskset)'}, ` +
          `load generator ${hasTaskset ? 'pinned to CPU 1' : 'not pinned'}; ${WARMUP_S} s warm-up, ${MEASURE_S} s at ${CONNECTIONS} keep-alive connections, ` +
          `${UNLOADED} sequential requests on 1 connection; every request a unique body with its own AES key; production settings (signature check, flow.json checks, logging at info, metrics).`,
        '',
        row('measure', 'ping', 'data_exchange'),
        row('---', '---', '---'),
        row('crypto limit (ops/s, 1 core)', fmt(limit), fmt(limit)),
        row(
          `throughput at ${CONNECTIONS} connections (req/s)`,
          fmt(p.load.perSecond),
          fmt(x.load.perSecond),
        ),
        row(
          'ratio to crypto limit',
          fmt(p.load.perSecond / limit, 2),
          fmt(x.load.perSecond / limit, 2),
        ),
        row(
          `p50 / p99 at ${CONNECTIONS} connections (ms)`,
          `${fmt(p.load.p50, 2)} / ${fmt(p.load.p99, 2)}`,
          `${fmt(x.load.p50, 2)} / ${fmt(x.load.p99, 2)}`,
        ),
        row(
          'unloaded p50 / p99 (ms)',
          `${fmt(p.solo.p50, 3)} / ${fmt(p.solo.p99, 3)}`,
          `${fmt(x.solo.p50, 3)} / ${fmt(x.solo.p99, 3)}`,
        ),
        row('errors', String(p.load.errors + p.solo.errors), String(x.load.errors + x.solo.errors)),
        row('server RSS at end (MB)', fmt(rss), ''),
      ].join('\n'),
    );

    if (profile) {
      await driveLoad({
        port,
        path: PATH,
        bodies: bodies.exchange.warm,
        connections: CONNECTIONS,
        seconds: WARMUP_S,
      });
      await stopServer(server);
      const file = readdirSync(join(dir, 'profile')).find((name) => name.endsWith('.cpuprofile'));
      if (file) {
        console.log(
          `\nCPU profile (${join(dir, 'profile', file)}), top 25 by self time, idle excluded:`,
        );
        for (const line of topFunctions(join(dir, 'profile', file), 25)) console.log(line);
      }
    }
  } finally {
    await stopServer(server);
    if (!profile) rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

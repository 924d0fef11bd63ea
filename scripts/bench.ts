import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuBetween, cpuSnapshot, machineBusyDuring, waitForQuiet } from './lib/cpu-usage';
import type { LoadResult } from './bench/drive-wrk';
import { driveWrk } from './bench/drive-wrk';
import { parseOptions } from './bench/options';
import {
  errorsOf,
  figuresTable,
  machineLine,
  phaseLine,
  profileLines,
  type KindFigures,
} from './bench/report';
import { summariseProfiles } from './bench/top-functions';
import {
  freshSecrets,
  prepareRequests,
  serverEnv,
  type Kind,
  type PreparedRequest,
  type Secrets,
} from './lib/flow-requests';
import {
  cpusAllowed,
  hasTaskset,
  residentMiB,
  runPinned,
  SERVER_BUILT,
  startServer,
  TSX,
  type ServerProcess,
} from './lib/server-process';

/**
 * `npm run bench`: the crypto limit of one core, then the built server (production mode:
 * signatures, flow.json checks, logging at info, metrics) under load, as ratios of that limit so
 * that a faster or slower machine cancels out, then bare node:http doing only the crypto, as the
 * yardstick of what any Node server can reach here. Server on CPU 0, load generator (wrk) on
 * CPU 1. The crypto limit is measured before and after the loads, and the ratios use their mean,
 * because this machine's speed drifts over a minute.
 * Options: --quick (about 40 s), --workers N (cluster mode, server not pinned), --profile (a CPU
 * profile of the server under data_exchange load, top functions printed).
 */
const ROOT = join(__dirname, '..');
const REFERENCE_SERVER = join(__dirname, 'bench', 'reference-server.ts');
const EXPRESS_ROUTED_SERVER = join(__dirname, 'bench', 'express-routed-server.ts');
const FLOW_PATH = '/flows/book-appointment';
/** WhatsApp's own limit: an answer later than this is an error to it, and to us. */
const REQUEST_TIMEOUT_MS = 10_000;
/** The whole run is bounded: a hang must not keep a machine busy. */
const WATCHDOG_MS = 6 * 60_000;
/** Bodies per second of measured load, above the crypto limit, so they never run out. */
const BODY_MARGIN = 1.25;
/** Other processes using more than this share of a core make a measurement doubtful. */
const NOISE_CORES = 0.15;

const options = parseOptions(process.argv.slice(2), process.env);
const canPin = hasTaskset && cpus().length >= 2;
const pinServer = canPin && options.workers === 1;

// The load generator takes CPU 1, leaving CPU 0 to the server (and to the crypto measurement).
// With several workers nothing is pinned: the workers and the generator share both cores.
if (pinServer) runPinned(1, __filename);

/** wrk, installed when missing (root, Debian): a C load generator costs little per request. */
if (
  spawnSync('bash', [join(ROOT, 'scripts', 'ensure-wrk.sh')], { stdio: 'inherit' }).status !== 0
) {
  console.error('the bench needs wrk (apt-get install wrk)');
  process.exit(1);
}
const generator = 'wrk (1 thread)';

const log = (line = '') => console.log(line);
const started = Date.now();
/** Said again at the end, where nobody can miss them. */
const warnings: string[] = [];
const warn = (line: string) => {
  warnings.push(line);
  log(`!!! ${line}`);
};
let running: ServerProcess | undefined;

function build(): void {
  log('building (npm run build)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error('npm run build failed: nothing to measure');
  }
}

interface CryptoLimit {
  whole: number;
  steps: Record<string, number>;
}

/** In a child process on CPU 0, alone: the server is not started yet. */
function measureCryptoLimit(): CryptoLimit {
  const script = join(__dirname, 'bench', 'crypto-limit.ts');
  const command = [process.execPath, '-r', TSX, script, String(options.cryptoSeconds)];
  const [file, ...args] = canPin ? ['taskset', '-c', '0', ...command] : command;
  const out = execFileSync(file as string, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as CryptoLimit;
}

/** The crypto limit, said with a warning when someone else used the machine meanwhile. */
function cryptoLimit(when: string): CryptoLimit {
  const { value, busy } = machineBusyDuring(measureCryptoLimit);
  log(
    `crypto limit, 1 core${canPin ? ' (pinned to CPU 0)' : ''}, ${when}: ${value.whole.toFixed(0)} ops/s`,
  );
  // The measurement keeps one core busy itself; anything above that is someone else.
  if (busy - 1 > NOISE_CORES) {
    warn(
      `the machine was ${(busy * 100).toFixed(0)} % busy during the crypto measurement (100 % is the measurement): the limit is noisy`,
    );
  }
  return value;
}

/** Starts the built server; on a failed start, its own output says why. */
async function launch(
  dir: string,
  name: string,
  secrets: Secrets,
  nodeArgs: string[] = [],
  script?: string,
  workers = options.workers,
) {
  // In a temp dir, so a developer's .env cannot change what is measured.
  const server = await startServer({
    dir,
    name,
    cpu: pinServer ? 0 : undefined,
    nodeArgs,
    script: script ?? SERVER_BUILT,
    env: {
      ...serverEnv(secrets, `sqlite:${join(dir, `${name}.db`)}`),
      LOG_LEVEL: 'info',
      WEB_CONCURRENCY: String(workers),
    },
  });
  running = server;
  const { pid, port } = server;
  const drive = async (bodies: PreparedRequest[], connections: number, seconds: number) => {
    const before = cpuSnapshot(pid);
    const load = { port, path: FLOW_PATH, bodies, connections, seconds };
    const result = await driveWrk({ ...load, timeoutMs: REQUEST_TIMEOUT_MS });
    const cpu = cpuBetween(before, cpuSnapshot(pid));
    // wrk is a child of this process, not this process: its CPU is the generator's, not noise.
    cpu.others = Math.max(0, cpu.others - result.generatorCpu);
    return { result, cpu };
  };
  return { server, pid, drive };
}

type Drive = Awaited<ReturnType<typeof launch>>['drive'];

/** A measured load, printed with who used the CPU; what makes its figures doubtful is said. */
async function measured(
  drive: Drive,
  label: string,
  bodies: PreparedRequest[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const { result, cpu } = await drive(bodies, connections, seconds);
  log(phaseLine(label, result, cpu));
  if (result.errors > 0) {
    warn(
      `${label}: ${result.errors} requests did not answer 200 ${JSON.stringify(result.statuses)}`,
    );
  }
  if (connections > 1 && result.exhausted) {
    warn(`${label}: the pre-generated bodies ran out before the time did`);
  }
  if (result.generatorCpu > 0.7) {
    warn(
      `${label}: the load generator used ${(result.generatorCpu * 100).toFixed(0)} % of a core: it may be the limit`,
    );
  }
  if (cpu.others > NOISE_CORES) {
    warn(
      `${label}: other processes used ${(cpu.others * 100).toFixed(0)} % of a core meanwhile: figures are noisy`,
    );
  }
  return result;
}

async function main(): Promise<number> {
  setTimeout(() => {
    console.error(`!!! bench still running after ${WATCHDOG_MS / 60_000} min: giving up`);
    running?.child.kill('SIGKILL');
    process.exit(2);
  }, WATCHDOG_MS).unref();

  build();
  const quiet = await waitForQuiet(options.quietWaitSeconds);
  if (quiet > NOISE_CORES) {
    warn(
      `other processes kept ${(quiet * 100).toFixed(0)} % of a core busy for ${options.quietWaitSeconds} s before the start: figures are noisy`,
    );
  } else {
    log(`machine quiet before the start (${(quiet * 100).toFixed(0)} % of a core in use)`);
  }
  const crypto = cryptoLimit('before the loads');
  for (const [step, micros] of Object.entries(crypto.steps)) {
    log(`  ${step}: ${micros.toFixed(1)} µs`);
  }

  const secrets = freshSecrets();
  const seal = (kind: Kind, count: number) => prepareRequests(secrets, count, kind);
  // No server outruns the crypto limit of the cores it has, so this many never run out.
  const perSecond = crypto.whole * BODY_MARGIN * Math.min(options.workers, cpus().length);
  const counts = {
    warm: Math.ceil(perSecond * options.warmupSeconds),
    load: Math.ceil(perSecond * options.loadSeconds),
    unloaded: Math.ceil(perSecond * options.unloadedSeconds),
  };
  const sealing = Date.now();
  const bodies = (kind: Kind) => ({
    warm: seal(kind, counts.warm),
    load: seal(kind, counts.load),
    unloaded: seal(kind, counts.unloaded),
  });
  const all = { ping: bodies('ping'), exchange: bodies('exchange') };
  log(
    `sealed ${2 * (counts.warm + counts.load + counts.unloaded)} unique signed requests in ` +
      `${((Date.now() - sealing) / 1000).toFixed(1)} s (bodies of ${all.ping.load[0]?.body.length} ` +
      `bytes for ping, ${all.exchange.load[0]?.body.length} for data_exchange)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'flows-bench-'));
  const { server, pid, drive } = await launch(dir, 'server', secrets);
  log(
    pinServer
      ? `server pid ${pid} pinned (allowed CPUs: ${cpusAllowed(pid)}); load generator pinned (allowed CPUs: ${cpusAllowed(process.pid)})`
      : `server pid ${pid} NOT pinned (${options.workers > 1 ? `WEB_CONCURRENCY=${options.workers}` : 'no taskset or one core'}, allowed CPUs: ${cpusAllowed(pid)}); ` +
          `load generator not pinned (allowed CPUs: ${cpusAllowed(process.pid)})`,
  );

  const figures: Partial<Record<Kind, KindFigures>> = {};
  let rssMb: number;
  try {
    for (const kind of ['ping', 'exchange'] as const) {
      const label = kind === 'ping' ? 'ping' : 'data_exchange';
      const warm = await drive(all[kind].warm, options.connections, options.warmupSeconds);
      if (warm.result.errors > 0) {
        warn(
          `${label} warm-up: ${warm.result.errors} errors ${JSON.stringify(warm.result.statuses)}`,
        );
      }
      const load = await measured(
        drive,
        `${label} at ${options.connections} connections`,
        all[kind].load,
        options.connections,
        options.loadSeconds,
      );
      // Sequential on one connection: one request's latency with nothing queued before it.
      const unloaded = await measured(
        drive,
        `${label} unloaded (1 connection, sequential)`,
        all[kind].unloaded,
        1,
        options.unloadedSeconds,
      );
      figures[kind] = { load, unloaded };
    }
    rssMb = residentMiB(pid);
  } finally {
    await server.stop();
  }

  /** Ping and data_exchange on a server to compare with, warmed and loaded alike; stopped after. */
  const compared = async (
    other: Awaited<ReturnType<typeof launch>>,
    what: string,
  ): Promise<Record<Kind, LoadResult>> => {
    try {
      const run = async (kind: Kind, label: string) => {
        await other.drive(all[kind].warm, options.connections, options.warmupSeconds);
        return measured(
          other.drive,
          `${label} at ${options.connections} connections, ${what}`,
          all[kind].load,
          options.connections,
          options.loadSeconds,
        );
      };
      return {
        ping: await run('ping', 'ping'),
        exchange: await run('exchange', 'data_exchange'),
      };
    } finally {
      await other.server.stop();
    }
  };

  // Several workers are compared with one, started and loaded the same way (nothing pinned).
  let single: Record<Kind, LoadResult> | undefined;
  if (options.workers > 1) {
    const one = await launch(dir, 'one-worker', secrets, [], undefined, 1);
    single = await compared(one, 'ONE worker for comparison');
  }

  // What the fast path saves: the same server with flow requests routed through Express.
  let viaExpress: Record<Kind, LoadResult> | undefined;
  if (options.workers === 1) {
    const routed = await launch(dir, 'express-routed', secrets, ['-r', TSX], EXPRESS_ROUTED_SERVER);
    viaExpress = await compared(routed, 'flow route through Express');
  }

  // The yardstick: the same ping bodies, bare node:http, the crypto and nothing else.
  const reference = await launch(dir, 'reference', secrets, ['-r', TSX], REFERENCE_SERVER);
  let bare: LoadResult;
  try {
    await reference.drive(all.ping.warm, options.connections, options.warmupSeconds);
    bare = await measured(
      reference.drive,
      `bare node:http, crypto only, ping at ${options.connections} connections`,
      all.ping.load,
      options.connections,
      options.loadSeconds,
    );
  } finally {
    await reference.server.stop();
  }

  const cryptoAfter = cryptoLimit('after the loads');
  const limit = (crypto.whole + cryptoAfter.whole) / 2;
  if (Math.abs(crypto.whole - cryptoAfter.whole) / limit > 0.1) {
    warn(
      `the crypto limit moved by more than 10 % during the run (${crypto.whole.toFixed(0)} → ${cryptoAfter.whole.toFixed(0)} ops/s): the machine's speed drifted, ratios are rough`,
    );
  }

  const ping = figures.ping as KindFigures;
  const exchange = figures.exchange as KindFigures;
  log();
  log(machineLine());
  log(
    `Method: crypto limit measured alone in one process${canPin ? ' pinned to CPU 0' : ''} ` +
      `(${options.cryptoSeconds} s after a warm-up), before and after the loads, ratios to their mean; server built and started from dist/ in production mode ` +
      `(LOG_LEVEL=info to a file, SQLite store, FLOW_VALIDATION default), ` +
      `${pinServer ? 'pinned to CPU 0' : `NOT pinned${options.workers > 1 ? ` (WEB_CONCURRENCY=${options.workers})` : ''}`}; ` +
      `load generator: ${generator}${pinServer ? ', pinned to CPU 1' : ', not pinned'}; ` +
      `per kind ${options.warmupSeconds} s warm-up, ${options.loadSeconds} s at ${options.connections} connections, ` +
      `then ${options.unloadedSeconds} s of sequential requests on 1 connection; ` +
      `every request a unique body with its own AES key and IV, validly signed; data_exchange is ` +
      `APPOINTMENT/department_selected with valid flow tokens; anything but 200 is an error` +
      `${options.workers > 1 ? "; ratios are still to ONE core's crypto limit" : ''}.`,
  );
  log();
  log(
    figuresTable({
      cryptoLimit: limit,
      connections: options.connections,
      bare,
      ping,
      exchange,
      rssMb,
    }),
  );
  if (single) {
    const scale = (kind: Kind) =>
      ((kind === 'ping' ? ping : exchange).load.perSecond / single[kind].perSecond).toFixed(2);
    log();
    log(
      `| ${options.workers} workers ÷ 1 worker (both unpinned) | ${scale('ping')} | ${scale('exchange')} |`,
    );
  }

  if (viaExpress) {
    const express = viaExpress;
    const pair = (kind: Kind) =>
      `${express[kind].perSecond.toFixed(0)} req/s (fast path ÷ Express ${((kind === 'ping' ? ping : exchange).load.perSecond / express[kind].perSecond).toFixed(2)})`;
    log();
    log(`| flow route through Express (src, via tsx) | ${pair('ping')} | ${pair('exchange')} |`);
  }

  if (options.profile) await profileRun(dir, secrets, seal, perSecond);
  else rmSync(dir, { recursive: true, force: true });

  log();
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const errors = errorsOf(ping) + errorsOf(exchange);
  if (errors > 0) {
    warnings.unshift(
      `${errors} REQUESTS DID NOT ANSWER 200: the figures above are not valid (status 0: no answer within ${REQUEST_TIMEOUT_MS / 1000} s or a dropped connection)`,
    );
  }
  for (const line of warnings) log(`!!! ${line}`);
  return errors > 0 ? 1 : 0;
}

/**
 * A second server, started with --cpu-prof, under data_exchange load. Only samples inside the
 * measured window count, so start-up, warm-up and shutdown do not dilute what a request costs.
 */
async function profileRun(
  dir: string,
  secrets: Secrets,
  seal: (kind: Kind, count: number) => PreparedRequest[],
  perSecond: number,
): Promise<void> {
  const profileDir = join(dir, 'profile');
  const warm = seal('exchange', Math.ceil(perSecond * options.warmupSeconds));
  const bodies = seal('exchange', Math.ceil(perSecond * options.profileSeconds));
  log();
  const { server, drive } = await launch(dir, 'profiled', secrets, [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
  ]);
  let window;
  try {
    await drive(warm, options.connections, options.warmupSeconds);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    await measured(
      drive,
      'data_exchange under --cpu-prof',
      bodies,
      options.connections,
      options.profileSeconds,
    );
    window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  } finally {
    await server.stop(); // the profile is written as the process exits
  }

  const files = existsSync(profileDir)
    ? readdirSync(profileDir)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(profileDir, name))
    : [];
  if (files.length === 0) {
    warn(
      `no .cpuprofile in ${profileDir}: did the server exit cleanly? (its log: ${join(dir, 'profiled.log')})`,
    );
    return;
  }
  let summary = summariseProfiles(files, window);
  if (summary.samples === 0) {
    log('(no sample fell in the load window by time; counting the whole profile instead)');
    summary = summariseProfiles(files);
  }
  log(`CPU profile${files.length > 1 ? 's' : ''}: ${files.join(', ')}`);
  for (const line of profileLines(summary, 25)) log(line);
}

void main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err);
    running?.child.kill('SIGKILL');
    process.exit(1);
  });

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command, InvalidArgumentError } from 'commander';
import { allocationLines, readAllocations } from './bench/allocation-summary';
import { differentialLines, readProfiles } from './bench/profile-summary';
import { cpuBetween, cpuSnapshot, waitForQuiet } from './lib/cpu';
import { driveLoad, percentiles } from './lib/drive-load';
import { driveWrk } from './lib/drive-wrk';
import { prepareTenants } from './bench/bench-tenants';
import {
  freshSecrets,
  prepareRequests,
  serverEnv,
  type Kind,
  type PreparedRequest,
} from './lib/flow-requests';
import { cpusAllowed, pinSelf, residentMiB } from './lib/server-process';
import { SERVER_BUILT, startServer, TSX } from './lib/server-process';

/**
 * `npm run bench`: the crypto limit of one core, then the built server (production mode) under
 * load, as ratios of that limit so that a faster or slower machine cancels out; bare node:http
 * doing only the crypto, the yardstick of what any Node server reaches here; and the flow route
 * through Express, what the fast path saves. Server on CPU 0, load generator on CPU 1. The crypto
 * limit is measured before and after the loads, as this machine's speed drifts over a minute.
 */
const options = new Command('npm run bench --')
  .option('--quick', 'shorter runs (about a minute and a half)')
  .option(
    '--workers <n>',
    'server processes (cluster mode; nothing pinned), also against one worker, load by wrk',
    (v) => {
      if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('a whole number of at least 1');
      return Number(v);
    },
  )
  .option(
    '--tenants <n>',
    'also a partner deployment serving n tenants, each with its own key, the requests spread over them',
    (v) => {
      if (!/^[1-9]\d{0,4}$/.test(v)) throw new InvalidArgumentError('a whole number, 1 to 99999');
      return Number(v);
    },
  )
  .option(
    '--profile',
    'CPU profiles of the server and the bare node:http server under the same loads, side by side (data_exchange also unloaded, for latency)',
  )
  .exitOverride((err) => process.exit(err.exitCode && 2)) // a wrong flag: exit 2, as the CLIs
  .parse()
  .opts<{ quick?: boolean; workers?: number; profile?: boolean; tenants?: number }>();
const workers = options.workers ?? Number(process.env.BENCH_WEB_CONCURRENCY ?? 1);
const [warmS, loadS, cryptoS, unloadedS] = options.quick ? [1.5, 5, 1.5, 2] : [3, 15, 3, 5];
/** The server and the bare server take turns: the load of each kind in this many pairs. */
const PAIRS = options.quick ? 2 : 5;
/**
 * One business and many tenants alternate in one server process: this many processes, each with
 * this many pairs of loads (one business, then the tenants, then the other way round), each
 * load this long.
 */
const [TENANT_ROUNDS, TENANT_PAIRS, roundS] = options.quick ? [1, 2, 2] : [2, 4, 3];
const CONNECTIONS = 32;
/** Others using more than this share of a core make a measurement doubtful. */
const NOISE = 0.15;
const pinned = workers === 1 && cpus().length >= 2 && pinSelf(1);
const PHASES = {
  warm: { connections: CONNECTIONS, seconds: warmS, label: 'warm-up' },
  load: { connections: CONNECTIONS, seconds: loadS, label: `at ${CONNECTIONS} connections` },
  unloaded: { connections: 1, seconds: unloadedS, label: 'unloaded (1 connection)' },
  round: { connections: CONNECTIONS, seconds: roundS, label: `at ${CONNECTIONS} connections` },
  pair: {
    connections: CONNECTIONS,
    seconds: loadS / PAIRS,
    label: `at ${CONNECTIONS} connections`,
  },
};
type Phase = keyof typeof PHASES;
const KINDS: Record<Kind, string> = { ping: 'ping', exchange: 'data_exchange' };

const warnings: string[] = [];
const log = (line = '') => console.log(line);
const warn = (line: string) => log(`!!! ${warnings[warnings.push(line) - 1]}`);
const fixed = (n: number, digits = 0) => n.toFixed(digits);
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const pct = (cores: number) => `${fixed(cores * 100)} %`;
/** Of loads in turn: one window the machine slowed down in moves it little, a mean much. */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
    : (sorted[Math.floor(middle)] ?? NaN);
};

// Every sealed body is held here, hundreds of MB: a major GC of this process in the middle of a
// load stalls it for up to a second (seen as the server idling), so one runs before each load.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** In a child process alone on CPU 0, said with a warning when someone else used the machine. */
function cryptoLimit(when: string): { whole: number; steps: Record<string, number> } {
  const before = cpuSnapshot();
  const command = [process.execPath, '-r', TSX, join(__dirname, 'bench', 'crypto-only.ts')];
  const [file, ...args] = [...(pinned ? ['taskset', '-c', '0'] : []), ...command];
  const out = execFileSync(file as string, [...args, 'measure', String(cryptoS)], {
    encoding: 'utf8',
  });
  const busy = cpuBetween(before, cpuSnapshot()).others - 1; // the measurement is one core
  const limit = JSON.parse(out) as ReturnType<typeof cryptoLimit>;
  log(`crypto limit, 1 core${pinned ? ' (CPU 0)' : ''}, ${when}: ${fixed(limit.whole)} ops/s`);
  if (busy > NOISE) warn(`others used ${pct(busy)} of a core meanwhile: the limit is noisy`);
  return limit;
}

async function main(): Promise<number> {
  const started = Date.now();
  if (workers > 1) {
    // Cluster mode is measured against one worker with wrk: Debian's package, installed when missing.
    const ensure = spawnSync('bash', [join(__dirname, 'ensure-packages.sh'), 'wrk'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (ensure.status !== 0) return 2;
  }
  log('building (npm run build)…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  const quiet = await waitForQuiet(options.quick ? 10 : 30);
  if (quiet > NOISE) warn(`others kept ${pct(quiet)} of a core busy before the start: noisy`);
  const crypto = cryptoLimit('before the loads');
  for (const [step, µs] of Object.entries(crypto.steps)) log(`  ${step}: ${fixed(µs, 1)} µs`);

  // Every request a unique body, sealed up front; no server outruns the crypto limit of its cores.
  const secrets = freshSecrets();
  const perSecond = crypto.whole * 1.25 * Math.min(workers, cpus().length);
  const seal = (kind: Kind, phase: Phase) =>
    prepareRequests(secrets, Math.ceil(perSecond * PHASES[phase].seconds), kind);
  const sealAll = (kind: Kind) => ({
    warm: seal(kind, 'warm'),
    load: seal(kind, 'load'),
    unloaded: seal(kind, 'unloaded'),
  });
  const bodies = { ping: sealAll('ping'), exchange: sealAll('exchange') };
  log(
    `sealed; bodies of ${bodies.ping.load[0]?.body.length} bytes (ping), ${bodies.exchange.load[0]?.body.length} (data_exchange)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'flows-bench-'));
  // A partner deployment: the same requests, spread over its tenants, each sealed for its own key;
  // beside them, one business's (the deployment's own tenant), for the same process to compare.
  type Side = 'one' | 'many';
  type Loads = Record<Kind, Record<Side, { warm: PreparedRequest[]; pairs: PreparedRequest[][] }>>;
  let partner:
    | { count: number; env: Record<string, string>; bodies: Loads; first: PreparedRequest[] }
    | undefined;
  if (options.tenants !== undefined) {
    const count = options.tenants;
    log(`adding ${count} tenants, each with its own key pair…`);
    const made = await prepareTenants(dir, count, (done) => log(`  ${done} of ${count}`));
    const sealFor = (kind: Kind, side: Side, phase: Phase) =>
      prepareRequests(
        secrets,
        Math.ceil(perSecond * PHASES[phase].seconds),
        kind,
        side === 'many' ? made.tenants : undefined,
      );
    const side = (kind: Kind, which: Side) => ({
      warm: sealFor(kind, which, 'warm'),
      pairs: Array.from({ length: TENANT_PAIRS }, () => sealFor(kind, which, 'round')),
    });
    const both = (kind: Kind) => ({ one: side(kind, 'one'), many: side(kind, 'many') });
    partner = {
      count,
      env: { ...serverEnv(secrets, made.storeUrl), TENANT_SECRETS_KEY: made.masterKey },
      bodies: { ping: both('ping'), exchange: both('exchange') },
      // Request i goes to tenant i % count: one ping each.
      first: prepareRequests(secrets, count, 'ping', made.tenants),
    };
  }
  const launch = (
    name: string,
    script = SERVER_BUILT,
    nodeArgs: string[] = [],
    processes = workers,
    env: Record<string, string> = {},
  ) =>
    startServer({
      dir,
      name,
      script,
      nodeArgs,
      cpu: pinned ? 0 : undefined,
      env: {
        ...serverEnv(secrets, `sqlite:${join(dir, `${name}.db`)}`),
        LOG_LEVEL: 'info',
        WEB_CONCURRENCY: String(processes),
        ...env,
      },
    });
  type Server = Awaited<ReturnType<typeof launch>>;

  /** One load, its figures printed with who used the CPU and what makes them doubtful. */
  const measure = async (
    server: Server,
    kind: Kind,
    phase: Phase,
    what = '',
    load = bodies[kind][phase === 'warm' || phase === 'unloaded' ? phase : 'load'],
  ) => {
    const { connections, seconds, label: when } = PHASES[phase];
    const label = `${KINDS[kind]} ${when}${what}`;
    collectGarbage();
    const before = cpuSnapshot(server.pid);
    const run = await driveLoad({
      port: server.port,
      path: '/flows/book-appointment',
      bodies: load,
      connections,
      seconds,
    });
    const after = cpuSnapshot(server.pid);
    const cpu = cpuBetween(before, after);
    // CPU time a request barely moves with others' load, unlike throughput.
    const perRequest = (seconds: number) => (seconds * 1e6) / run.answers.length;
    const cpuPerRequestUs = perRequest(after.server - before.server);
    const mainPerRequestUs = perRequest(after.serverMain - before.serverMain);
    const latencies = run.answers.map((answer) => answer.latency);
    const [p50, p90, p99, max] = percentiles(latencies, [0.5, 0.9, 0.99, 1]);
    const errors = run.answers.length + (run.statuses.get(0) ?? 0) - (run.statuses.get(200) ?? 0);
    log(
      `${label}: ${fixed(run.perSecond)} req/s over ${fixed(run.seconds, 1)} s (${run.answers.length} requests); ` +
        `latency p50 ${ms(p50)} / p90 ${ms(p90)} / p99 ${ms(p99)} / max ${ms(max)} ms; ` +
        `errors ${errors}; CPU: server ${pct(cpu.server)} (${fixed(cpuPerRequestUs)} µs a request), load generator ${pct(cpu.self)}, others ${pct(cpu.others)}`,
    );
    const statuses = JSON.stringify(Object.fromEntries(run.statuses));
    if (errors > 0) warn(`${label}: ${errors} requests did not answer 200 ${statuses}`);
    if (connections > 1 && run.exhausted)
      warn(`${label}: the bodies ran out; some were sent twice`);
    if (cpu.self > 0.7)
      warn(`${label}: the load generator used ${pct(cpu.self)} of a core: the limit?`);
    if (cpu.others > NOISE)
      warn(`${label}: other processes used ${pct(cpu.others)} of a core: noisy`);
    return {
      perSecond: run.perSecond,
      requests: run.answers.length,
      p50,
      p99,
      errors,
      cpuPerRequestUs,
      mainPerRequestUs,
    };
  };
  type Figures = Awaited<ReturnType<typeof measure>>;

  /**
   * Tenants load on first use (their key opened and parsed, then cached): one request to each
   * before the loads, so that they measure serving many tenants, not loading them; its cost said.
   */
  const firstUse = async (server: Server, first: PreparedRequest[]) => {
    const before = cpuSnapshot(server.pid);
    const run = await driveLoad({
      port: server.port,
      path: '/flows/book-appointment',
      bodies: first,
      connections: 8,
      count: first.length,
    });
    const after = cpuSnapshot(server.pid);
    const failed = first.length - (run.statuses.get(200) ?? 0);
    log(
      `first use of each of ${first.length} tenants (one ping each): ${fixed(run.seconds * 1000)} ms; ` +
        `server CPU ${fixed(((after.server - before.server) * 1e6) / first.length)} µs a tenant`,
    );
    if (failed > 0) warn(`first use: ${failed} tenants did not answer 200`);
  };

  /** Each kind warmed, then loaded; `unloaded` adds one request at a time on one connection. */
  const bench = async (server: Server, what: string, kinds: Kind[], unloaded = false) => {
    const figures: Partial<Record<Kind, Record<'load' | 'unloaded', Figures>>> = {};
    try {
      for (const kind of kinds) {
        await measure(server, kind, 'warm', what);
        const load = await measure(server, kind, 'load', what);
        figures[kind] = {
          load,
          unloaded: unloaded ? await measure(server, kind, 'unloaded') : load,
        };
      }
      return { ...figures, rss: residentMiB(server.pid) };
    } finally {
      await server.stop();
    }
  };

  /**
   * Two sides take turns, `count` pairs of loads: the first side first in one pair, the second
   * first in the next, so that the machine's drift meets both alike. Each pair's figures.
   */
  const inTurns = async <S extends string, F = Figures>(
    sides: readonly [S, S],
    count: number,
    load: (which: S, pair: number) => Promise<F>,
  ): Promise<Record<S, F>[]> => {
    const pairs: Record<S, F>[] = [];
    for (let pair = 0; pair < count; pair++) {
      const figures = {} as Record<S, F>;
      for (const which of pair % 2 === 0 ? sides : [sides[1], sides[0]])
        figures[which] = await load(which, pair);
      pairs.push(figures);
    }
    return pairs;
  };

  /**
   * The server and the bare server, both started, take turns on the same core: a warm-up each,
   * then pairs of loads (the server first, then the bare server first), then each unloaded. This
   * machine's speed drifts by 10–30 % over tens of seconds; loads in turn meet it alike.
   */
  const sideBySide = async (ours: Server, theirs: Server) => {
    const sides = { ours, theirs };
    const what = { ours: '', theirs: ', bare node:http + crypto only' };
    type Which = keyof typeof sides;
    const kinds = ['ping', 'exchange'] as const;
    const turns: Partial<Record<Kind, Record<Which, Figures>[]>> = {};
    const unloaded: Partial<Record<Which, Partial<Record<Kind, Figures>>>> = {};
    try {
      for (const kind of kinds) {
        await measure(ours, kind, 'warm', what.ours);
        await measure(theirs, kind, 'warm', what.theirs);
        const size = Math.floor(bodies[kind].load.length / PAIRS);
        turns[kind] = await inTurns(['ours', 'theirs'], PAIRS, (which, pair) =>
          measure(
            sides[which],
            kind,
            'pair',
            `${what[which]} (pair ${pair + 1} of ${PAIRS})`,
            bodies[kind].load.slice(pair * size, (pair + 1) * size),
          ),
        );
        for (const which of ['ours', 'theirs'] as const)
          (unloaded[which] ??= {})[kind] = await measure(
            sides[which],
            kind,
            'unloaded',
            what[which],
          );
      }
      const rss = residentMiB(ours.pid);
      /** A side's loads as one: mean throughput and CPU, median latencies, all the errors. */
      const combined = (which: Which, kind: Kind) => {
        const all = (turns[kind] ?? []).map((pair) => pair[which]);
        const mean = (figure: (f: Figures) => number) =>
          all.reduce((sum, f) => sum + figure(f), 0) / all.length;
        const load: Figures = {
          perSecond: mean((f) => f.perSecond),
          requests: all.reduce((sum, f) => sum + f.requests, 0),
          p50: median(all.map((f) => f.p50)),
          p99: median(all.map((f) => f.p99)),
          errors: all.reduce((sum, f) => sum + f.errors, 0),
          cpuPerRequestUs: mean((f) => f.cpuPerRequestUs),
          mainPerRequestUs: mean((f) => f.mainPerRequestUs),
        };
        return { load, unloaded: unloaded[which]?.[kind] ?? load };
      };
      const sideOf = (which: Which) => ({
        ping: combined(which, 'ping'),
        exchange: combined(which, 'exchange'),
      });
      /** Each pair's ratio, ours ÷ theirs: the median is the figure. */
      const ratios = (kind: Kind) =>
        (turns[kind] ?? []).map((pair) => pair.ours.perSecond / pair.theirs.perSecond);
      return { served: { ...sideOf('ours'), rss }, bare: sideOf('theirs'), ratios };
    } finally {
      await Promise.all([ours.stop(), theirs.stop()]);
    }
  };

  /**
   * Cluster mode ÷ one worker, both started and unpinned, in turns as the server and the bare
   * server are. wrk drives these loads: here the load generator shares the two cores with the
   * workers, and autocannon took 0.35–0.4 of a core at 5,000 requests a second (about 75 µs a
   * request), capping 2 workers at about 1.6× one; wrk takes about a quarter of that.
   */
  const scaleUp = async () => {
    const sides = {
      cluster: await launch('cluster'),
      one: await launch('one', SERVER_BUILT, [], 1),
    };
    type Which = keyof typeof sides;
    const what = (which: Which, pair?: number) =>
      `, ${which === 'one' ? 'ONE worker' : `${workers} workers`}, by wrk` +
      (pair === undefined ? '' : ` (pair ${pair + 1} of ${PAIRS})`);
    const measureWrk = async (
      which: Which,
      kind: Kind,
      phase: 'warm' | 'pair',
      load: PreparedRequest[],
      pair?: number,
    ) => {
      const server = sides[which];
      const { connections, seconds, label: when } = PHASES[phase];
      const label = `${KINDS[kind]} ${when}${what(which, pair)}`;
      const before = cpuSnapshot(server.pid);
      const run = await driveWrk({
        port: server.port,
        path: '/flows/book-appointment',
        bodies: load,
        connections,
        seconds,
        dir,
      });
      const after = cpuSnapshot(server.pid);
      // Over wrk's own duration: reading the bodies in comes before it and costs the server nothing.
      const cores = (after.server - before.server) / run.seconds;
      const cpuPerRequestUs = ((after.server - before.server) * 1e6) / run.requests;
      log(
        `${label}: ${fixed(run.perSecond)} req/s over ${fixed(run.seconds, 1)} s (${run.requests} requests); ` +
          `latency p50 ${ms(run.p50)} / p99 ${ms(run.p99)} ms; errors ${run.errors}; ` +
          `CPU: server ${pct(cores)} (${fixed(cpuPerRequestUs)} µs a request)`,
      );
      if (run.errors > 0) warn(`${label}: ${run.errors} requests did not answer 2xx`);
      if (run.exhausted) warn(`${label}: the bodies ran out; some were sent twice`);
      return { perSecond: run.perSecond, errors: run.errors };
    };
    const ratios: Record<Kind, number[]> = { ping: [], exchange: [] };
    let errors = 0;
    try {
      for (const kind of ['ping', 'exchange'] as const) {
        const warm = seal(kind, 'warm');
        for (const which of ['cluster', 'one'] as const)
          await measureWrk(which, kind, 'warm', warm);
        const load = seal(kind, 'load');
        const size = Math.floor(load.length / PAIRS);
        const turns = await inTurns(['cluster', 'one'], PAIRS, (which, pair) =>
          measureWrk(which, kind, 'pair', load.slice(pair * size, (pair + 1) * size), pair),
        );
        ratios[kind] = turns.map((pair) => pair.cluster.perSecond / pair.one.perSecond);
        errors += turns.reduce((sum, pair) => sum + pair.cluster.errors + pair.one.errors, 0);
      }
      return { ratios, errors };
    } finally {
      await Promise.all([sides.cluster.stop(), sides.one.stop()]);
    }
  };

  const cryptoOnly = join(__dirname, 'bench', 'crypto-only.ts');
  const SAMPLER = join(__dirname, 'bench', 'allocation-sampler.cjs');
  const server = await launch('server');
  log(`server on CPUs ${cpusAllowed(server.pid)}, load generator on ${cpusAllowed(process.pid)}`);
  const { served, bare, ratios } = await sideBySide(
    server,
    await launch('bare', cryptoOnly, [], 1),
  );
  const scaling = workers > 1 && (await scaleUp());
  const expressServer = join(__dirname, 'bench', 'express-routed-server.ts');
  const express =
    workers === 1 &&
    (await bench(await launch('express', expressServer), ', through Express', [
      'ping',
      'exchange',
    ]));

  /**
   * The partner deployment serving one business (its own tenant, at today's URLs) and its many
   * tenants in turn, in the same process: this machine's speed drifts by more than the 5 % asked,
   * between processes and over tens of seconds, which short alternating loads cancel out.
   */
  type Pair = Record<Side, Figures>;
  const pairs: Record<Kind, Pair[]> = { ping: [], exchange: [] };
  for (let round = 1; partner && round <= TENANT_ROUNDS; round++) {
    const server = await launch(`tenants-${round}`, SERVER_BUILT, [], workers, partner.env);
    const what = (which: Side, pair?: number) =>
      `, ${which === 'one' ? 'one business' : `${partner.count} tenants`} (process ${round} of ${TENANT_ROUNDS}` +
      `${pair === undefined ? '' : `, pair ${pair + 1} of ${TENANT_PAIRS}`})`;
    try {
      await firstUse(server, partner.first);
      for (const kind of ['ping', 'exchange'] as const) {
        const { one, many } = partner.bodies[kind];
        await measure(server, kind, 'warm', what('one'), one.warm);
        await measure(server, kind, 'warm', what('many'), many.warm);
        const taken = await inTurns(['one', 'many'], TENANT_PAIRS, (which, pair) =>
          measure(
            server,
            kind,
            'round',
            what(which, pair),
            partner.bodies[kind][which].pairs[pair],
          ),
        );
        pairs[kind].push(...taken);
      }
    } finally {
      await server.stop();
    }
  }
  /**
   * Each pair's ratio, many tenants ÷ one business, and their median: one window the machine
   * slowed down in moves the median little, a sum or mean much.
   */
  const pairRatios = (kind: Kind, figure: (pair: Pair) => number) => pairs[kind].map(figure);
  const byThroughput = (pair: Pair) => pair.many.perSecond / pair.one.perSecond;
  /** By the server's CPU a request: what a pause of the load generator hardly touches. */
  const byCpu = (pair: Pair) => pair.one.cpuPerRequestUs / pair.many.cpuPerRequestUs;
  const tenantRatio = (kind: Kind) => median(pairRatios(kind, byThroughput));
  const after = cryptoLimit('after the loads');
  const limit = (crypto.whole + after.whole) / 2;
  if (Math.abs(crypto.whole - after.whole) / limit > 0.1)
    warn('the crypto limit moved by over 10 %: ratios are rough');
  const RSA_STEP = 'RSA-OAEP-SHA256 decrypt (with the JSON envelope)';
  const rsaMs = (((crypto.steps[RSA_STEP] ?? NaN) + (after.steps[RSA_STEP] ?? NaN)) / 2) * 1e-3;

  const [ping, exchange] = [served.ping, served.exchange] as [
    Record<'load' | 'unloaded', Figures>,
    Record<'load' | 'unloaded', Figures>,
  ];
  const row = (name: string, cell: (f: typeof ping, kind: Kind) => string, both = true) =>
    `| ${name} | ${cell(ping, 'ping')} | ${both ? cell(exchange, 'exchange') : ''} |`;
  type Compared = Partial<Record<Kind, Record<'load' | 'unloaded', Figures>>> | false;
  const versus = (other: Compared, kind: Kind, f: typeof ping) =>
    fixed(f.load.perSecond / (other ? (other[kind]?.load.perSecond ?? NaN) : NaN), 2);
  const toBare = (kind: Kind) => fixed(median(ratios(kind)), 2);
  const toOne = (kind: Kind) => fixed(median(scaling ? scaling.ratios[kind] : []), 2);
  const bareOf = (kind: Kind) => bare[kind] as typeof ping;
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  log(
    `\nMachine: ${model}, ${cpus().length} cores, ${fixed(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}.`,
  );
  log(
    `Method: crypto limit alone in one process (${cryptoS} s) before and after the loads, ratios to their mean; ` +
      `server built, production mode (LOG_LEVEL=info to a file, SQLite), ${pinned ? 'on CPU 0' : `NOT pinned, WEB_CONCURRENCY=${workers}`}; ` +
      `load generator autocannon${pinned ? ' on CPU 1' : ''}; per kind ${warmS} s warm-up, ${loadS} s at ${CONNECTIONS} connections, ` +
      `${unloadedS} s one at a time on 1 connection; every request unique (own AES key and IV), signed; data_exchange is ` +
      `APPOINTMENT/department_selected with valid flow tokens; the bare node:http server gets the same bodies, both started, in turn: ` +
      `the load of each kind in ${PAIRS} pairs of ${fixed(loadS / PAIRS, 1)} s, the server first then the bare server first, the median of the pairs' ratios counting; ` +
      `CPU a request is the server's CPU time (/proc) over its answers; anything but 200 is an error${workers > 1 ? "; ratios to ONE core's crypto limit" : ''}.\n`,
  );
  log(
    [
      '| measure | ping | data_exchange |',
      '| --- | --- | --- |',
      row('crypto limit (ops/s, 1 core; mean of before and after)', () => fixed(limit)),
      row(`throughput at ${CONNECTIONS} conns (req/s)`, (f) => fixed(f.load.perSecond)),
      row('ratio to crypto limit', (f) => fixed(f.load.perSecond / limit, 2)),
      row(
        'bare node:http + crypto only (req/s; ratio to crypto limit)',
        (_f, kind) =>
          `${fixed(bareOf(kind).load.perSecond)}; ${fixed(bareOf(kind).load.perSecond / limit, 2)}`,
      ),
      row(
        `**server ÷ bare node:http** (median of ${PAIRS} pairs in turn: each pair)`,
        (_f, kind) =>
          `**${toBare(kind)}**: ${ratios(kind)
            .map((ratio) => fixed(ratio, 2))
            .join(', ')}`,
      ),
      row(
        'CPU a request at load, server / bare (µs)',
        (f, kind) =>
          `${fixed(f.load.cpuPerRequestUs)} / ${fixed(bareOf(kind).load.cpuPerRequestUs)}`,
      ),
      row(`p50 / p99 at ${CONNECTIONS} conns (ms)`, (f) => `${ms(f.load.p50)} / ${ms(f.load.p99)}`),
      row('unloaded p50 / p99 (ms)', (f) => `${ms(f.unloaded.p50)} / ${ms(f.unloaded.p99)}`),
      row(
        'bare unloaded p50 / p99 (ms)',
        (_f, kind) => `${ms(bareOf(kind).unloaded.p50)} / ${ms(bareOf(kind).unloaded.p99)}`,
      ),
      row('RSA-OAEP decrypt alone (ms)', () => ms(rsaMs)),
      row('errors', (f) => String(f.load.errors + f.unloaded.errors)),
      row('server RSS at end (MB)', () => fixed(served.rss), false),
      ...(scaling
        ? [
            row(
              `**${workers} workers ÷ 1 worker** (both unpinned, load by wrk; median of ${PAIRS} pairs in turn: each pair)`,
              (_f, kind) =>
                `**${toOne(kind)}**: ${scaling.ratios[kind].map((r) => fixed(r, 2)).join(', ')}`,
            ),
          ]
        : []),
      ...(partner && pairs.exchange.length > 0
        ? [
            row(
              `${partner.count} tenants, each its own key, ÷ one business, same process (median of ${pairs.exchange.length} alternating pairs by req/s; by CPU a request; each pair by req/s)`,
              (_f, kind) =>
                `**${fixed(tenantRatio(kind), 2)}**; ${fixed(median(pairRatios(kind, byCpu)), 2)}; ` +
                pairRatios(kind, byThroughput)
                  .map((ratio) => fixed(ratio, 2))
                  .join(', '),
            ),
          ]
        : []),
      ...(express
        ? [
            row(
              'through Express (req/s; fast path ÷ Express)',
              (f, kind) =>
                `${fixed(express[kind]?.load.perSecond ?? 0)}; ${versus(express, kind, f)}`,
            ),
          ]
        : []),
    ].join('\n'),
  );
  const summary = [
    `ping ${toBare('ping')}× bare (target 0.95)`,
    `data_exchange ${toBare('exchange')}× bare (target 0.90)`,
    `unloaded data_exchange p50 ${ms(exchange.unloaded.p50)} ms = RSA decrypt ${ms(rsaMs)} + ` +
      `${ms(exchange.unloaded.p50 - rsaMs)} ms (target + 0.15)`,
    ...(scaling
      ? [
          `${workers} workers ${toOne('exchange')}× one (data_exchange, median of ${PAIRS} alternating pairs, load by wrk; ping ${toOne('ping')}×; target 1.8)`,
        ]
      : []),
    ...(partner && pairs.exchange.length > 0
      ? [
          `${partner.count} tenants ${fixed(tenantRatio('exchange'), 2)}× one business (data_exchange, median of ${pairs.exchange.length} alternating pairs; ping ${fixed(tenantRatio('ping'), 2)}×; target 0.95)`,
        ]
      : []),
  ];
  log(`\nsummary: ${summary.join('; ')}`);

  if (options.profile) {
    log('\nprofiles: the server and the bare node:http server, each alone, under the same load');
    for (const kind of ['exchange', 'ping'] as const) {
      const load = { warm: seal(kind, 'warm'), load: seal(kind, 'load') };
      const profiled = async (name: string, script: string, phase: 'load' | 'unloaded') => {
        const profileDir = join(dir, `profile-${name}-${kind}-${phase}`);
        const what = ` (${name} under --cpu-prof)`;
        const run = await launch(
          `${name}-${kind}-${phase}-profiled`,
          script,
          ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
          1,
        );
        await measure(run, kind, 'warm', what, load.warm);
        // Only samples inside the measured load count: start-up and warm-up do not dilute a request's cost.
        const fromUs = Number(process.hrtime.bigint() / 1000n);
        const figures = await measure(
          run,
          kind,
          phase,
          what,
          phase === 'load' ? load.load : seal(kind, phase),
        );
        const window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
        await run.stop(); // the profile is written as the process exits
        const files = readdirSync(profileDir).map((file) => join(profileDir, file));
        return { ...figures, counts: readProfiles(files, window) };
      };
      // Unloaded, one request at a time, for the latency target: what each request pays alone,
      // where under load several share a turn of the event loop (and its SQLite read transaction).
      const phases = kind === 'exchange' ? (['load', 'unloaded'] as const) : (['load'] as const);
      for (const phase of phases) {
        const ours = await profiled('server', SERVER_BUILT, phase);
        const yardstick = await profiled('bare', cryptoOnly, phase);
        log(
          `\n${KINDS[kind]}${phase === 'unloaded' ? ' unloaded (1 connection)' : ''}, µs of CPU a request:`,
        );
        differentialLines(ours, yardstick).forEach((line) => log(line));
      }

      // What feeds the garbage collector, which the CPU profile charges to no function: bytes
      // allocated, unlike CPU time, do not move with the machine's speed.
      const sampled = async (name: string, script: string) => {
        const file = join(dir, `allocations-${name}-${kind}.heapprofile`);
        const what = ` (${name}, allocations sampled)`;
        const run = await launch(`${name}-${kind}-sampled`, script, ['--require', SAMPLER], 1, {
          ALLOCATION_PROFILE_FILE: file,
        });
        await measure(run, kind, 'warm', what, load.warm);
        process.kill(run.pid, 'SIGUSR2'); // from here on
        const { requests } = await measure(run, kind, 'load', what, load.load);
        await run.stop();
        return { ...readAllocations(file), requests };
      };
      const oursSampled = await sampled('server', SERVER_BUILT);
      const bareSampled = await sampled('bare', cryptoOnly);
      log(`\n${KINDS[kind]}, bytes allocated a request:`);
      allocationLines(oursSampled, bareSampled).forEach((line) => log(line));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  log(`\ndone in ${fixed((Date.now() - started) / 1000)} s`);
  const errors =
    [ping, exchange].reduce((sum, f) => sum + (f ? f.load.errors + f.unloaded.errors : 0), 0) +
    [...pairs.ping, ...pairs.exchange].reduce(
      (sum, pair) => sum + pair.one.errors + pair.many.errors,
      0,
    ) +
    (scaling ? scaling.errors : 0);
  if (errors > 0)
    warnings.unshift(`${errors} REQUESTS DID NOT ANSWER 200: the figures above are not valid`);
  warnings.forEach((line) => log(`!!! ${line}`));
  log(`summary: ${summary.join('; ')}`);
  return errors > 0 ? 1 : 0;
}

// Making tenants' key pairs takes about 25 s a hundred here.
const minutes =
  (options.profile ? 9 : 6) + (options.tenants ? 3 : 0) + Math.ceil((options.tenants ?? 0) / 150);
setTimeout(() => {
  console.error(`!!! the bench is still running after ${minutes} min: giving up`);
  process.exit(2);
}, minutes * 60_000).unref();
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

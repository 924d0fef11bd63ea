import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signBody } from '../src/device/sign-body';
import { createStore } from '../src/store/create-store';
import { issueFlowToken } from '../src/tokens/issue-flow-token';
import { createWebhookRecords } from '../src/webhooks/webhook-records';
import { startRedisServer } from '../test/helpers/redis-server';
import * as payloads from '../test/helpers/webhook-payloads';
import { cpuBetween, cpuSnapshot } from './lib/cpu';
import {
  driveLoad,
  latencySummary,
  ms,
  percentile,
  percentiles,
  statusList,
} from './lib/drive-load';
import type { Answer, LoadRun } from './lib/drive-load';
import { flowLoad, freshSecrets, prepareRequests, serverEnv, type Kind } from './lib/flow-requests';
import { IMAGE_ENV } from './lib/image-env';
import * as serverProcess from './lib/server-process';
import { signedDelivery, signedPing, slowSenders } from './lib/slow-senders';
import { BODY_LIMIT } from '../src/http/flow-route';

/**
 * `npm run test:load [-- scenario… [seconds connections]]`: the real server (production mode) on
 * loopback, a few minutes; prints figures, exits 1 if a check fails. Scenarios (all unless named):
 * steady (no errors, memory and descriptors steady), outage (Redis gone: fast 503s, recovery),
 * readiness (/readyz under two workers' SQLite writes), webhooks (mixed deliveries; seconds and
 * connections from the command line), webhooks-redis (the same on Redis syncing each write), slow
 * (200 slow senders nobody authenticated).
 * SIGTERM under load: test/server/sigterm-drops-nothing; kill -9: test/server/kill-9-webhooks.
 */
const { startServer, errorLines, getStatus, openFds, residentMiB } = serverProcess;
const [SERVER_CPU, LOAD_CPU] = [0, 1]; // neither steals the other's CPU
serverProcess.pinSelf(LOAD_CPU);
const secrets = freshSecrets();
const failures: string[] = [];
const figure = (line: string) => console.log(`       ${line}`);
function check(ok: boolean, line: string) {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (!ok) failures.push(line);
}
const latencyOf = (answers: Answer[]) => answers.map((answer) => answer.latency);
const rate = (run: LoadRun) =>
  `${run.answers.length} in ${run.seconds.toFixed(1)} s: ${run.perSecond.toFixed(0)}/s`;
const sqlite = (dir: string) => serverEnv(secrets, `sqlite:${join(dir, 'flows.db')}`);

/** Every answer right and none missing; prints the first wrong ones. */
function allRight(run: LoadRun): boolean {
  for (const { problem } of run.problems.slice(0, 3)) figure(`wrong answer: ${problem}`);
  return run.problems.length === 0 && !run.statuses.has(0);
}

/**
 * A server warmed (compiled, as one running a while) by `n` checked requests on as many connections
 * as its load will use. Workers get both CPUs: they write at once, so each meets the other's lock.
 */
async function warmServer(dir: string, env: Record<string, string>, kind: Kind | 'mixed', n = 1e3) {
  const workers = env.WEB_CONCURRENCY !== undefined;
  const [cpu, connections] = workers ? [`${SERVER_CPU},${LOAD_CPU}`, 16] : [SERVER_CPU, 64];
  const server = await startServer({ dir, env, cpu });
  const warmUp = prepareRequests(secrets, n, kind);
  const warm = await driveLoad({ connections, ...flowLoad(server.port, warmUp) });
  check(allRight(warm), `warm-up: ${n} requests answered right (${warm.problems.length} not)`);
  return server;
}

async function stopServer(server: serverProcess.ServerProcess, errorsExpected = false) {
  const exit = await server.stop();
  const errors = errorLines(server.logFile).length;
  if (!errorsExpected) check(errors === 0, `no error in the server log (${errors})`);
  check(exit.code === 0, `the server exited 0 on SIGTERM (${JSON.stringify(exit)})`);
}

/** The server's descriptors once a run's closed connections are closed on its side too. */
async function settledFds(pid: number): Promise<number> {
  let [previous, now] = [-1, openFds(pid)];
  for (let tries = 0; now !== previous && tries < 50; tries++) {
    await sleep(100);
    [previous, now] = [now, openFds(pid)];
  }
  return now;
}

async function steady(dir: string) {
  console.log('\na) 100,000 requests at 64 connections (SQLite store)');
  const requests = prepareRequests(secrets, 100_000, 'mixed');
  const server = await warmServer(dir, sqlite(dir), 'mixed', 5000);
  // autocannon closes its connections after each run: both counts are taken with none open.
  const before = { rss: residentMiB(server.pid), fds: await settledFds(server.pid) };
  let peak = before.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, residentMiB(server.pid))), 1000);
  const run = await driveLoad({ connections: 64, ...flowLoad(server.port, requests) });
  clearInterval(sampler);
  const after = { rss: residentMiB(server.pid), fds: await settledFds(server.pid) };
  const growth = (after.rss - before.rss) / before.rss;
  figure(`requests: ${rate(run)}`);
  figure(`latency: ${latencySummary(latencyOf(run.answers))}`);
  figure(`statuses: ${statusList(run.statuses)}`);
  figure(
    `resident memory: ${before.rss.toFixed(1)} MiB after warm-up, ${after.rss.toFixed(1)} MiB at the end (${(growth * 100).toFixed(1)} %), peak ${Math.max(peak, after.rss).toFixed(1)} MiB`,
  );
  figure(`open file descriptors: ${before.fds} after warm-up, ${after.fds} at the end`);
  const right = allRight(run) && run.answers.length === requests.length;
  check(right, `all answered 200 with the expected sealed answer (${run.problems.length} wrong)`);
  check(growth <= 0.2, 'resident memory within +20 % of the warm-up figure (more: a leak)');
  check(after.fds <= before.fds + 5, 'file descriptors within +5 of the warm-up figure');
  await stopServer(server);
}

async function outage(dir: string) {
  const [runS, downAt, upAt, refusalLimit, recoveryLimit] = [10, 3000, 6000, 2000, 5000];
  console.log('\nc) Redis stopped at 3 s and back at 6 s of a 10 s load at 64 connections');
  // Every request touches the store (the flow token's state): data_exchange only, no pings.
  const requests = prepareRequests(secrets, 80_000, 'exchange');
  const redis = await startRedisServer();
  const server = await warmServer(dir, serverEnv(secrets, redis.url), 'exchange');
  const at = { down: NaN, gone: NaN, up: NaN, origin: performance.now() };
  const now = () => performance.now() - at.origin;
  const probes = { healthz: 0, readyz: 0 };
  const outage = (async () => {
    await sleep(downAt);
    at.down = now();
    await redis.stop();
    at.gone = now();
    await sleep(1500);
    probes.healthz = await getStatus(server.port, '/healthz');
    probes.readyz = await getStatus(server.port, '/readyz');
    await sleep(Math.max(0, upAt - now()));
    await redis.restart();
    at.up = now();
  })();
  const load = { ...flowLoad(server.port, requests, true), count: undefined, seconds: runS };
  const run = await driveLoad({ ...load, connections: 64, origin: at.origin });
  await outage;
  const readyAfter = await getStatus(server.port, '/readyz');
  const { answers } = run;
  const refused = answers.filter((answer) => answer.status === 503);
  const first = Math.min(...refused.map((answer) => answer.doneAt));
  const last = Math.max(...refused.map((answer) => answer.doneAt));
  const slowestRefusal = percentile(latencyOf(refused), 1);
  const during = answers.filter((answer) => answer.sentAt >= at.down && answer.sentAt <= at.up);
  const slowestDuring = percentile(latencyOf(during), 1);
  const back = answers.find((answer) => answer.status === 200 && answer.sentAt >= at.up);
  const lastSecond = answers.filter((answer) => answer.sentAt >= runS * 1000 - 1000);
  const allBack = lastSecond.length > 0 && lastSecond.every((answer) => answer.status === 200);
  figure(`statuses: ${statusList(run.statuses)} in ${run.seconds.toFixed(1)} s`);
  figure(`Redis stopped at ${ms(at.down)} (gone at ${ms(at.gone)}), back at ${ms(at.up)}`);
  figure(
    `during the outage: GET /healthz ${probes.healthz}, GET /readyz ${probes.readyz}; after it: GET /readyz ${readyAfter}`,
  );
  figure(
    `503s: ${refused.length}, latency ${latencySummary(latencyOf(refused))}; first at ${ms(first)}, last at ${ms(last)}`,
  );
  figure(`slowest answer of any request sent during the outage: ${ms(slowestDuring)}`);
  figure(
    `recovery: first 200 sent after Redis was back answered ${back ? ms(back.doneAt - at.up) : 'never'} after it; last 503 ${ms(last - at.up)} after it`,
  );
  check(allRight(run), `only 200 (sealed, right) and 503 (store_unavailable) answers`);
  check(
    probes.healthz === 200 && probes.readyz === 503 && readyAfter === 200,
    'liveness stayed 200, readiness 503 while Redis was away and 200 after',
  );
  check(refused.length > 0 && first >= at.down, 'the outage was noticed: 503s, none before');
  check(slowestRefusal < refusalLimit, `every 503 within 2 s (slowest ${ms(slowestRefusal)})`);
  check(
    back !== undefined && last < at.up + recoveryLimit && allBack,
    `200s came back by themselves within 5 s of Redis returning; the run's last second all 200 (${lastSecond.length})`,
  );
  await stopServer(server, true);
  await redis.stop();
}

/**
 * Each data_exchange writes its user's session; 500 a second is about a third of what two
 * workers sustain here, so the figure is the locks', not a CPU queue's. Fresh connections for the
 * polls, so both workers answer them: a write waiting on the other's lock must not hold them up.
 */
async function readiness(dir: string) {
  console.log('\nd) GET /readyz every 25 ms, 2 workers writing 500 sessions/s to one SQLite file');
  const requests = prepareRequests(secrets, 500 * 12, 'exchange');
  const server = await warmServer(dir, { ...sqlite(dir), WEB_CONCURRENCY: '2' }, 'exchange');
  const workers = serverProcess.serverChildren(server.pid).length;
  const load = { ...flowLoad(server.port, requests), count: undefined, seconds: 12, rate: 500 };
  const polling: Promise<{ status: number; latency: number }>[] = [];
  const poller = setInterval(() => {
    const sentAt = performance.now(); // every 25 ms, whether or not the last poll was answered
    const poll = getStatus(server.port, '/readyz');
    polling.push(poll.then((status) => ({ status, latency: performance.now() - sentAt })));
  }, 25);
  const run = await driveLoad({ ...load, connections: 16 }).finally(() => clearInterval(poller));
  const polls = await Promise.all(polling);
  const latencies = polls.map((poll) => poll.latency);
  const [p50, p99, max] = percentiles(latencies, [0.5, 0.99, 1]);
  const notReady = polls.filter((poll) => poll.status !== 200).length;
  figure(
    `${workers} workers; session writes: ${rate(run)}, latency ${latencySummary(latencyOf(run.answers))}, statuses: ${statusList(run.statuses)}`,
  );
  figure(
    `/readyz: p50 ${ms(p50)} / p99 ${ms(p99)} over ${polls.length} polls (max ${ms(max)}, ${notReady} not 200)`,
  );
  check(
    workers === 2 && allRight(run) && run.answers.length >= 500 * 11,
    '2 workers answered every flow request 200 with its sealed answer, 500 a second throughout',
  );
  check(notReady === 0 && p99 < 100, `every /readyz poll answered 200, p99 under 100 ms`);
  await stopServer(server);
}

/** Of every 20 deliveries, after 360dialog's sizing: three status updates per message sent. */
const MIX = Object.entries({ status: 12, text: 4, completion: 3, alert: 1 });
const KINDS = MIX.flatMap(([kind, n]) => Array<string>(n).fill(kind));

/** Mixed webhook deliveries, the server on one CPU: deliveries per server core, latency. */
async function webhooks(dir: string, seconds = 10, connections = 8) {
  console.log(`\ne) webhook deliveries for ${seconds} s at ${connections} connections (SQLite)`);
  await webhookLoad(dir, `sqlite:${join(dir, 'flows.db')}`, seconds, connections);
}

/** The same against Redis as deploy/compose.yaml runs it: each write synced before answered. */
async function webhooksRedis(dir: string, seconds = 10, connections = 8) {
  const what = 'Redis, appendonly yes, appendfsync always';
  console.log(`\nf) webhook deliveries for ${seconds} s at ${connections} connections (${what})`);
  const redis = await startRedisServer({ appendOnlyDir: dir });
  try {
    await webhookLoad(dir, redis.url, seconds, connections);
  } finally {
    await redis.stop();
  }
}

async function webhookLoad(dir: string, storeUrl: string, seconds: number, connections: number) {
  const flow_token = issueFlowToken({ flow: 'feedback', secret: secrets.tokenSecret });
  const ratings = { purchase_rating: '5', delivery_rating: '4', service_rating: '3' };
  const response = { flow_token, ...ratings, recommend: '0_yes', comment: 'ok' };
  const ids: (string | undefined)[] = []; // of the completions, by delivery
  const { cloudMessages: messages, nfmReply } = payloads;
  const alert = { event: 'ENDPOINT_LATENCY', alert_state: 'ACTIVATED', p90_latency: 1200 };
  const make: Record<string, (i: number) => unknown> = {
    status: () => messages([], [payloads.statusUpdate()]),
    text: () => messages([payloads.textMessage()]),
    completion: (i) => messages([nfmReply({ id: (ids[i] = payloads.messageId()), response })]),
    alert: (i) => payloads.flowsChange({ ...alert, p50_latency: 300, flow_id: String(i) }),
  };
  // Signed before the clock starts: 8,000 a second (about 5,000 measured on one core here).
  const bodies = Array.from({ length: 8000 * seconds }, (_, i) => {
    const body = JSON.stringify(make[KINDS[i % 20] as string]?.(i));
    return { body, signature: signBody(body, secrets.appSecret) };
  });
  const env = serverEnv(secrets, storeUrl);
  const server = await startServer({ dir, env, cpu: SERVER_CPU });
  const answered = new Set<string>(); // completions answered 200 (one may be sent twice)
  const check200 = (i: number, status: number) => {
    const id = ids[i % bodies.length];
    if (status === 200 && id !== undefined) answered.add(id);
    return status === 200 ? undefined : `status ${status}`;
  };
  const cpuBefore = cpuSnapshot(server.pid);
  const path = '/webhooks/whatsapp';
  const load = { port: server.port, path, bodies, check: check200, connections, seconds };
  const run = await driveLoad(load);
  const cpu = cpuBetween(cpuBefore, cpuSnapshot(server.pid));
  const latencies = latencyOf(run.answers);
  const over1s = latencies.filter((latency) => latency > 1000).length / (latencies.length || 1);
  const twice = run.exhausted ? ` (more than the ${bodies.length} signed: some sent twice)` : '';
  figure(`deliveries: ${rate(run)}${twice}`);
  figure(
    `server CPU ${cpu.server.toFixed(2)} cores: ${(run.perSecond / Math.max(cpu.server, 0.01)).toFixed(0)} deliveries/s per server core; load generator ${cpu.self.toFixed(2)}, others ${cpu.others.toFixed(2)} cores`,
  );
  figure(`latency: ${latencySummary(latencies)}; over 1 s: ${(over1s * 100).toFixed(2)} %`);
  figure(`statuses: ${statusList(run.statuses)}; targets: 2,000/s per core, p99 under 50 ms`);
  check(allRight(run) && latencies.length > 0, 'every delivery answered 200');
  await stopServer(server);
  const store = createStore(storeUrl);
  const stored = new Set((await createWebhookRecords(store).completions()).map(({ id }) => id));
  await store.close();
  const missing = [...answered].filter((id) => !stored.has(id)).length;
  check(
    missing === 0,
    `every completion answered 200 is in the store (${answered.size} answered, ${stored.size} stored)`,
  );
}

/**
 * 200 clients announce a large body and send it slowly, as one who wants the server's memory
 * would; each case on a fresh server. Memory must stay bounded and come back, and signed
 * requests sent meanwhile must be answered.
 */
async function slow(dir: string) {
  console.log('\nf) 200 slow senders nobody authenticated, two waves, signed requests meanwhile');
  const forged = { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
  const webhookSecret = secrets.tokenSecret.slice(0, 32);
  const cases = [
    ['webhooks, forged signature', '/webhooks/whatsapp', forged],
    ['webhooks, no signature', '/webhooks/whatsapp', {}],
    ['webhooks, wrong X-Webhook-Secret', '/webhooks/whatsapp', { 'x-webhook-secret': 'wrong' }],
    ['flow route, forged signature', '/flows/book-appointment', forged],
  ] as const;
  for (const [name, path, headers] of cases) {
    const env = { ...IMAGE_ENV, ...sqlite(dir), WEBHOOK_SECRET: webhookSecret };
    const server = await startServer({ dir, env, cpu: SERVER_CPU });
    const flowRoute = !path.startsWith('/webhooks');
    const run = await slowSenders({
      port: server.port,
      pid: server.pid,
      path,
      headers,
      bodyBytes: flowRoute ? BODY_LIMIT : 3 * 1024 * 1024,
      meanwhile: () =>
        flowRoute
          ? signedPing(server.port, secrets.appSecret, secrets.publicKey)
          : signedDelivery(server.port, secrets.appSecret),
    });
    const { start, peak, afterFirst, after } = run.rss;
    const mib = (value: number) => `${value.toFixed(1)} MiB`;
    const outcomes = [...run.outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    const latencies = run.meanwhile.map((reply) => reply.ms);
    const ok = run.meanwhile.every((reply) => reply.status === 200);
    figure(`${name} (${flowRoute ? '1 MiB' : '3 MiB'} bodies): ${outcomes}`);
    figure(
      `resident memory: ${mib(start)} at start, peak ${mib(peak)}, ${mib(afterFirst)} after the first wave, ${mib(after)} after the second`,
    );
    figure(`signed requests meanwhile: ${latencySummary(latencies)}`);
    const grown = `${mib(peak - start)} at most`;
    check(
      peak - start < 64,
      `${name}: memory within 64 MiB of the start through both waves (${grown})`,
    );
    check(
      after - start < 48,
      `${name}: memory back within 48 MiB of the start once they left (${mib(after - start)})`,
    );
    check(
      ok && percentile(latencies, 0.5) < 1000,
      `${name}: signed requests answered 200, p50 < 1 s`,
    );
    await stopServer(server);
  }
}

const SCENARIOS = { steady, outage, readiness, webhooks, 'webhooks-redis': webhooksRedis, slow };

async function main(args: string[]): Promise<number> {
  const names = args.filter((arg) => !/^\d+$/.test(arg));
  const numbers = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  if (names.some((name) => !(name in SCENARIOS))) {
    console.error(`scenarios: ${Object.keys(SCENARIOS).join(', ')} (all when none is named)`);
    return 2;
  }
  const started = performance.now();
  const pinned = `server on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}`;
  const where = serverProcess.hasTaskset ? pinned : 'not pinned (no taskset)';
  console.log(`Load and fault tests: node ${process.version}, ${cpus().length} CPUs, ${where}`);
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (names.length > 0 && !names.includes(name)) continue;
    const dir = mkdtempSync(join(tmpdir(), 'flows-load-'));
    await scenario(dir, ...numbers).catch((err: Error) => check(false, `${name}: ${err.stack}`));
    rmSync(dir, { recursive: true, force: true });
  }
  const took = `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const list = failures.map((line) => `\n  - ${line}`).join('');
  const ok = failures.length === 0;
  console.log(ok ? `\nall checks passed (${took})` : `\nFAILED (${took}):${list}`);
  return ok ? 0 : 1;
}

// Bounded in time whatever hangs: the servers started are killed on exit.
setTimeout(() => {
  console.error('\nFAIL the load test did not finish within 8 minutes');
  process.exit(1);
}, 8 * 60_000).unref();

// A failure outside the scenarios is an unhandled rejection: node prints it and exits 1.
void main(process.argv.slice(2)).then((code) => process.exit(code));

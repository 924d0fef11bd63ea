import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '../test/helpers/redis-server';
import { issueFlowToken } from '../src/tokens/issue-flow-token';
import { driveLoad } from './bench/drive-load';
import { sealedRequests, type SealedBody } from './bench/sealed-requests';
import {
  freePort,
  hasTaskset,
  startServer,
  stopServer,
  waitForHealth,
} from './bench/server-process';

/**
 * `npm run test:load`: load and fault tests against the built server in production mode, loopback
 * only, a few minutes at most. Exits 1 if any check fails.
 *  a) 100 000 requests at 64 connections: no errors, memory and file descriptors steady;
 *  b) SIGTERM with 64 requests in flight: every one answered, exit 0;
 *  c) the store (Redis) gone mid-load: fast 503s, then recovery by itself.
 */
const ROOT = join(__dirname, '..');
const TSX = require.resolve('tsx/cjs');
const PATH = '/flows/book-appointment';
if (hasTaskset && process.env.LOAD_PINNED !== '1') {
  const result = spawnSync('taskset', ['-c', '1', process.execPath, '-r', TSX, __filename], {
    stdio: 'inherit',
    env: { ...process.env, LOAD_PINNED: '1' },
  });
  process.exit(result.status ?? 1);
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const appSecret = randomBytes(24).toString('hex');
const tokenSecret = randomBytes(32).toString('hex');
const failures: string[] = [];
const check = (ok: boolean, line: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (!ok) failures.push(line);
};

const exchange = (i: number) => ({
  version: '3.0',
  action: 'data_exchange',
  screen: 'APPOINTMENT',
  data: { trigger: 'department_selected', department: 'home' },
  flow_token: issueFlowToken({
    flow: 'book-appointment',
    secret: tokenSecret,
    subject: `load-${i % 500}`,
  }),
});
const mixed = (i: number) => (i % 2 === 0 ? { version: '3.0', action: 'ping' } : exchange(i));
const seal = (count: number, payload: (i: number) => unknown) =>
  sealedRequests(count, payload, publicKey, appSecret);

async function server(dir: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const child = startServer({
    root: ROOT,
    logFile: join(dir, 'server.log'),
    cpu: 0,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_SECRET: appSecret,
      FLOW_TOKEN_SECRET: tokenSecret,
      PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      STORE_URL: `sqlite:${join(dir, 'flows.db')}`,
      ...env,
    },
  });
  await waitForHealth(port);
  return { child, port };
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const fds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

async function steadyLoad(dir: string): Promise<void> {
  console.log('\na) 100 000 requests at 64 connections (SQLite store)');
  const warm = seal(5000, mixed);
  const bodies = seal(100_000, mixed);
  const { child, port } = await server(dir);
  const pid = child.pid as number;
  await driveLoad({ port, path: PATH, bodies: warm, connections: 64, seconds: 120 });
  const before = { rss: rssMb(pid), fds: fds(pid) };
  const result = await driveLoad({ port, path: PATH, bodies, connections: 64, seconds: 300 });
  const after = { rss: rssMb(pid), fds: fds(pid) };
  await stopServer(child);
  console.log(
    `     ${result.requests} requests in ${result.seconds.toFixed(1)} s: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
  );
  check(
    result.requests === 100_000 && result.errors === 0,
    `all 100 000 answered 200 (statuses ${JSON.stringify(result.statuses)})`,
  );
  check(
    after.rss <= before.rss * 1.2,
    `resident memory ${before.rss.toFixed(0)} MB after warm-up, ${after.rss.toFixed(0)} MB at the end (${(((after.rss - before.rss) / before.rss) * 100).toFixed(1)} %, limit +20 %)`,
  );
  check(
    after.fds <= before.fds + 5,
    `open file descriptors ${before.fds} after warm-up, ${after.fds} at the end`,
  );
}

/** Sends a request in two halves, so that it is surely in flight when the signal comes. */
function halfSent(port: number, agent: Agent, sealed: SealedBody) {
  let finish: () => void = () => undefined;
  const answered = new Promise<number>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: PATH,
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
    const middle = Math.floor(sealed.body.length / 2);
    req.write(sealed.body.slice(0, middle));
    finish = () => req.end(sealed.body.slice(middle));
  });
  return { answered, finish: () => finish() };
}

async function sigtermInFlight(dir: string): Promise<void> {
  console.log('\nb) SIGTERM while 64 requests are in flight');
  const { child, port } = await server(dir);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const inFlight = seal(64, mixed).map((sealed) => halfSent(port, agent, sealed));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const signalled = Date.now();
  child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  inFlight.forEach((request) => request.finish());
  const statuses = await Promise.all(inFlight.map((request) => request.answered));
  const code = await exited;
  const took = Date.now() - signalled;
  agent.destroy();
  check(
    statuses.every((status) => status === 200),
    `all 64 answered 200 (${statuses.filter((status) => status === 200).length}/64)`,
  );
  check(code === 0 && took < 10_000, `exited with code ${code} ${took} ms after SIGTERM`);
}

async function storeOutage(dir: string): Promise<void> {
  console.log('\nc) Redis goes away at 3 s and comes back at 6 s, under load');
  const redis = await startRedisServer();
  const { child, port } = await server(dir, { STORE_URL: redis.url });
  const bodies = seal(40_000, exchange);
  const answers: { status: number; latency: number; at: number }[] = [];
  const outage = { down: 0, up: 0 };
  const started = Date.now();
  setTimeout(() => {
    outage.down = Date.now() - started;
    void redis.stop();
  }, 3000);
  setTimeout(() => {
    void redis.restart().then(() => (outage.up = Date.now() - started));
  }, 6000);
  await driveLoad({
    port,
    path: PATH,
    bodies,
    connections: 64,
    seconds: 12,
    onAnswer: (status, latency, at) => answers.push({ status, latency, at }),
  });
  await stopServer(child);
  await redis.stop();
  const refused = answers.filter((answer) => answer.status === 503);
  const others = answers.filter((answer) => answer.status !== 200 && answer.status !== 503);
  const maxRefusal = Math.max(0, ...refused.map((answer) => answer.latency));
  const recovered = answers.find((answer) => answer.status === 200 && answer.at > outage.up);
  const lastRefusal = Math.max(0, ...refused.map((answer) => answer.at));
  console.log(
    `     ${answers.length} answers: ${answers.length - refused.length - others.length} × 200, ${refused.length} × 503, ${others.length} other`,
  );
  check(refused.length > 0 && others.length === 0, 'only 200 and 503 while Redis was away');
  check(
    maxRefusal < 2000,
    `every 503 came fast: slowest ${maxRefusal.toFixed(0)} ms (limit 2000 ms)`,
  );
  check(
    recovered !== undefined && lastRefusal < outage.up + 5000,
    `service came back by itself: last 503 ${(lastRefusal - outage.up).toFixed(0)} ms after Redis restarted, 200s since`,
  );
}

async function main(): Promise<void> {
  console.log('building…');
  spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
  for (const scenario of [steadyLoad, sigtermInFlight, storeOutage]) {
    const dir = mkdtempSync(join(tmpdir(), 'flows-load-'));
    try {
      await scenario(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    failures.length === 0
      ? '\nall load and fault checks passed'
      : `\n${failures.length} check(s) failed`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signBody } from '../src/device/sign-body';
import { createSqliteStore } from '../src/store/sqlite-store';
import { issueFlowToken } from '../src/tokens/issue-flow-token';
import { createWebhookRecords } from '../src/webhooks/webhook-records';
import {
  cloudMessages,
  flowsChange,
  nfmReply,
  statusUpdate,
  textMessage,
} from '../test/helpers/webhook-payloads';
import { cpuBetween, cpuSnapshot } from './lib/cpu-usage';
import { errorLines, hasTaskset, startServer } from './lib/server-process';
import { driveLoad } from './lib/drive-load';
import { freshSecrets, serverEnv } from './lib/flow-requests';
import { post } from './lib/post';
import { latencySummary, percentile } from './lib/stats';

/**
 * `npm run test:webhooks-load [-- seconds connections]`: mixed webhook deliveries against the real
 * server (production mode, SQLite, one process pinned to one CPU when taskset exists) on loopback.
 * The mix follows 360dialog's sizing rule (three status updates per message sent, plus incoming
 * messages): 60 % status updates, 20 % text messages, 15 % Flow completions, 5 % Flow alerts. Reports
 * deliveries per second per server core, latency percentiles, and checks every completion answered
 * 200 is in the store. Exits 1 on any answer other than 200 or a completion missing.
 */
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 8);
const secrets = freshSecrets();
const path = '/webhooks/whatsapp';
const token = issueFlowToken({ flow: 'feedback', secret: secrets.tokenSecret, ttlSeconds: 3600 });
const RATINGS = {
  purchase_rating: '5',
  delivery_rating: '4',
  service_rating: '3',
  recommend: '0_yes',
  comment: 'ok',
};

type Kind = 'status' | 'text' | 'completion' | 'alert';
let alerts = 0;
const delivery: Record<Kind, () => unknown> = {
  status: () => cloudMessages([], [statusUpdate()]),
  text: () => cloudMessages([textMessage()]),
  completion: () => cloudMessages([nfmReply({ response: { flow_token: token, ...RATINGS } })]),
  alert: () =>
    flowsChange({
      event: 'ENDPOINT_LATENCY',
      flow_id: String(alerts++),
      p90_latency: 1200,
      p50_latency: 300,
      alert_state: 'ACTIVATED',
    }),
};
const MIX: Kind[] = [
  ...Array<Kind>(12).fill('status'),
  ...Array<Kind>(4).fill('text'),
  'completion',
  'completion',
  'completion',
  'alert',
];

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-load-'));
  const server = await startServer({
    dir,
    cpu: hasTaskset ? 0 : undefined,
    env: serverEnv(secrets, `sqlite:${join(dir, 'flows.db')}`),
  });
  let completionsAccepted = 0;
  console.log(
    `webhook load: ${seconds} s, ${connections} connections, server pid ${server.pid}${hasTaskset ? ' on CPU 0' : ''}`,
  );
  const cpuBefore = cpuSnapshot(server.pid);
  const run = await driveLoad({
    connections,
    seconds,
    send: async (i, agent) => {
      const kind = MIX[i % MIX.length] as Kind;
      const body = JSON.stringify(delivery[kind]());
      const signature = signBody(body, secrets.appSecret);
      const { status } = await post({ body, signature }, { port: server.port, path, agent });
      if (kind === 'completion' && status === 200) completionsAccepted += 1;
      return { status };
    },
  });
  const cpu = cpuBetween(cpuBefore, cpuSnapshot(server.pid));
  await server.stop();

  const store = createSqliteStore(join(dir, 'flows.db'));
  const stored = (await createWebhookRecords(store).completions()).length;
  await store.close();
  const errors = errorLines(server.logFile);
  rmSync(dir, { recursive: true, force: true });

  const { statuses, seconds: wall, perSecond: rate } = run;
  const latencies = run.answers.map((answer) => answer.latency);
  const total = latencies.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const over1s = latencies.filter((ms) => ms > 1000).length;
  console.log(`deliveries: ${total} in ${wall.toFixed(1)} s = ${rate.toFixed(0)}/s`);
  console.log(
    `server CPU: ${cpu.server.toFixed(2)} cores -> ${(rate / Math.max(cpu.server, 0.01)).toFixed(0)} deliveries/s per core (others on the machine: ${cpu.others.toFixed(2)} cores)`,
  );
  console.log(
    `latency: ${latencySummary(latencies)}; over 1 s: ${((over1s / Math.max(total, 1)) * 100).toFixed(2)} %`,
  );
  console.log(
    `statuses: ${[...statuses].map(([status, count]) => `${status}: ${count}`).join(', ')}`,
  );
  console.log(`completions answered 200: ${completionsAccepted}, in the store: ${stored}`);
  const failed =
    [...statuses.keys()].some((status) => status !== 200) ||
    stored !== completionsAccepted ||
    errors.length > 0;
  console.log(
    failed
      ? 'FAILED'
      : `ok (targets: >= 2000/s per core and p99 < 50 ms; p99 here ${percentile(sorted, 0.99).toFixed(1)} ms)`,
  );
  return failed ? 1 : 0;
}

void main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

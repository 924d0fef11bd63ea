import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signBody } from '../src/device/sign-body';
import { createSqliteStore } from '../src/store/sqlite-store';
import { issueFlowToken } from '../src/tokens/issue-flow-token';
import { createWebhookRecords } from '../src/webhooks/webhook-records';
import { cpuBetween, cpuSnapshot } from './bench/cpu-usage';
import { errorLines, hasTaskset, startServer } from './lib/server-process';
import { driveLoad } from './lib/drive-load';
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
const APP_SECRET = randomBytes(16).toString('hex');
const TOKEN_SECRET = randomBytes(32).toString('hex');
const WABA = '102290129340398';
const path = '/webhooks/whatsapp';

let sequence = 0;
const nextId = () => `wamid.LOAD${(sequence++).toString(36)}`;
const token = issueFlowToken({ flow: 'feedback', secret: TOKEN_SECRET, ttlSeconds: 3600 });
const RATINGS = {
  purchase_rating: '5',
  delivery_rating: '4',
  service_rating: '3',
  recommend: '0_yes',
  comment: 'ok',
};

const envelope = (field: string, value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: WABA, time: Math.floor(Date.now() / 1000), changes: [{ field, value }] }],
});
const messages = (value: Record<string, unknown>) =>
  envelope('messages', {
    messaging_product: 'whatsapp',
    metadata: { phone_number_id: '1' },
    ...value,
  });

type Kind = 'status' | 'text' | 'completion' | 'alert';
function delivery(kind: Kind): unknown {
  switch (kind) {
    case 'status':
      return messages({
        statuses: [
          {
            id: nextId(),
            status: 'delivered',
            timestamp: '1767225600',
            recipient_id: '491510000000',
          },
        ],
      });
    case 'text':
      return messages({
        messages: [{ id: nextId(), from: '491510000000', type: 'text', text: { body: 'hi' } }],
      });
    case 'completion':
      return messages({
        messages: [
          {
            id: nextId(),
            from: '491510000000',
            type: 'interactive',
            interactive: {
              type: 'nfm_reply',
              nfm_reply: {
                name: 'flow',
                body: 'Sent',
                response_json: JSON.stringify({ flow_token: token, ...RATINGS }),
              },
            },
          },
        ],
      });
    case 'alert':
      return envelope('flows', {
        event: 'ENDPOINT_LATENCY',
        flow_id: String(sequence++),
        p90_latency: 1200,
        p50_latency: 300,
        alert_state: 'ACTIVATED',
      });
  }
}
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
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const server = await startServer({
    dir,
    cpu: hasTaskset ? 0 : undefined,
    env: {
      APP_SECRET,
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
      PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      STORE_URL: `sqlite:${join(dir, 'flows.db')}`,
    },
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
      const body = JSON.stringify(delivery(kind));
      const signature = signBody(body, APP_SECRET);
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

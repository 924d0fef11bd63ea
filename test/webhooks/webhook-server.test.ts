import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import { signBody } from '../../src/device/sign-body';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { recordSentMessage } from '../../src/tokens/sent-message';
import { tokenKey } from '../../src/tokens/token-key';
import {
  listeningPort,
  logLines,
  type ServerProcess,
  serversPerTest,
} from '../helpers/server-process';
import { cloudMessages, flowsChange, nfmReply, waitFor } from '../helpers/webhook-deliveries';

const APP_SECRET = 'e2e-app-secret';
const TOKEN_SECRET = 'e2e-flow-token-secret-0123456789abcdef';
const VERIFY_TOKEN = 'e2e-verify-token';
const RATINGS = {
  purchase_rating: '4',
  delivery_rating: '5',
  service_rating: '3',
  recommend: '0_yes',
  comment: 'fine',
};

const servers = serversPerTest('webhook-server-');
let server: ServerProcess | undefined;

async function post(port: number, body: unknown): Promise<number> {
  const raw = JSON.stringify(body);
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(raw, APP_SECRET),
    },
    body: raw,
  });
  await res.arrayBuffer();
  return res.status;
}

async function completionsExport(storeUrl: string): Promise<unknown[]> {
  const saved = process.env.STORE_URL;
  process.env.STORE_URL = storeUrl;
  const out: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((text: string) => void out.push(text));
  try {
    expect(await runMain(['completions', '--flow', 'feedback', '--format', 'json'])).toBe(0);
  } finally {
    log.mockRestore();
    if (saved === undefined) delete process.env.STORE_URL;
    else process.env.STORE_URL = saved;
  }
  return JSON.parse(out.join('\n')) as unknown[];
}

describe('the running server receiving webhooks', () => {
  it('when a completion is posted five times with its flow_token and five times without, then each is exported once; an ENDPOINT_LATENCY alert shows in /metrics and the log', async () => {
    const dbPath = join(servers.cwd(), 'flows.db');
    const storeUrl = `sqlite:${dbPath}`;
    // What `flows send` records for the Flow message the iOS reply will name.
    const sentToken = issueFlowToken({
      flow: 'feedback',
      subject: 'order-1',
      secret: TOKEN_SECRET,
    });
    const seed = createSqliteStore(dbPath);
    await recordSentMessage(
      seed,
      'wamid.SENT-E2E',
      {
        flow: 'feedback',
        tokenKey: tokenKey(sentToken),
        subject: 'order-1',
        sentAt: new Date().toISOString(),
      },
      3600,
    );
    await seed.close();

    server = servers.start({
      APP_SECRET,
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
      STORE_URL: storeUrl,
      WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
    });
    const port = await listeningPort(server);

    const handshake = await fetch(
      `http://127.0.0.1:${port}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=424242`,
    );
    expect(await handshake.text()).toBe('424242');

    const withToken = cloudMessages([
      nfmReply({
        response: {
          flow_token: issueFlowToken({ flow: 'feedback', secret: TOKEN_SECRET }),
          ...RATINGS,
        },
      }),
    ]);
    const withoutToken = cloudMessages([
      nfmReply({ contextId: 'wamid.SENT-E2E', response: RATINGS }),
    ]);
    for (let i = 0; i < 5; i++) {
      expect(await post(port, withToken)).toBe(200);
      expect(await post(port, withoutToken)).toBe(200);
    }
    expect(
      await post(
        port,
        flowsChange({
          event: 'ENDPOINT_LATENCY',
          flow_id: '55',
          p90_latency: 8000,
          p50_latency: 500,
          requests_count: 34,
          threshold: 7000,
          alert_state: 'ACTIVATED',
        }),
      ),
    ).toBe(200);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(
      'flows_meta_endpoint_latency_seconds{tenant="default",flow="55",quantile="0.9"} 8',
    );
    expect(metrics).toContain(
      'flows_meta_alert_active{tenant="default",flow="55",event="ENDPOINT_LATENCY"} 1',
    );
    await waitFor(() =>
      logLines(server!).some(
        (line) => line.msg === 'Meta Flow alert active' && line.event === 'ENDPOINT_LATENCY',
      ),
    );
    await waitFor(
      () => logLines(server!).filter((line) => line.msg === 'feedback received').length === 2,
    );

    const exported = await completionsExport(storeUrl);
    expect(exported).toHaveLength(2);
    expect(exported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ matchedBy: 'flow_token', params: RATINGS }),
        expect.objectContaining({ matchedBy: 'context', subject: 'order-1', params: RATINGS }),
      ]),
    );
    expect(server.stdout()).not.toContain('4915112345678');
  }, 60_000);

  it('when neither APP_SECRET nor WEBHOOK_SECRET is set, then the server warns at start', async () => {
    server = servers.start({ STORE_URL: `sqlite:${join(servers.cwd(), 'flows.db')}` });
    await listeningPort(server);
    await waitFor(() =>
      logLines(server!).some(
        (line) =>
          line.level === 40 &&
          String(line.msg).includes('Neither APP_SECRET nor WEBHOOK_SECRET is set'),
      ),
    );
  }, 60_000);
});

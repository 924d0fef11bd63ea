import { createFeedbackFlow } from '../../flows/feedback';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { createTestApp, issueToken } from '../helpers/test-app';
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
      /,flow_token,,,4915112345678,5,3,4,0_yes,"Fast, ""friendly"", thanks"$/,
    );
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

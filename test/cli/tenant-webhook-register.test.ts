import { webhookCommand } from '../../src/cli/flows-webhook';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import {
  createMemoryTenantDirectory,
  type MemoryTenantDirectory,
} from '../helpers/memory-tenant-directory';

const ACME_KEY = 'acme-channel-key-0123456789';
const ACME_SECRET = 'acme-webhook-secret-0123456789';
const BOLT_TOKEN = 'bolt-access-token-0123456789';
const BOLT_WABA = '200000000000002';

describe('flows webhook register --tenant', () => {
  let harness: CliHarness;
  let directory: MemoryTenantDirectory;
  beforeEach(async () => {
    harness = await CliHarness.start('360dialog');
    harness.fake.channelKeys.add(ACME_KEY);
    harness.fake.accessTokens.add(BOLT_TOKEN);
    harness.fake.wabaIds.add(BOLT_WABA);
    harness.setEnv({ GRAPH_API_URL: `${harness.fake.url}/graph`, GRAPH_API_VERSION: 'v23.0' });
    directory = createMemoryTenantDirectory();
    const common = { sharedKey: true, flows: [] };
    await directory.put('acme', {
      ...common,
      name: 'Acme Dental',
      provider: '360dialog',
      secrets: { d360ApiKey: ACME_KEY, webhookSecret: ACME_SECRET },
    });
    await directory.put('bolt', {
      ...common,
      name: 'Bolt Bikes',
      provider: 'cloud',
      wabaId: BOLT_WABA,
      phoneNumberIds: ['300000000000002'],
      secrets: { accessToken: BOLT_TOKEN },
    });
  });
  afterEach(() => harness.stop());

  async function register(...argv: string[]) {
    const { code, output } = await harness.run(
      argv,
      webhookCommand((use) => use(directory)),
    );
    return { code, out: output };
  }

  it('when the tenant is on 360dialog, then its channel gets its URL and its own secret header, through its key', async () => {
    const url = 'https://flows.example.com/t/acme/webhooks/whatsapp';
    const run = await register('register', '--tenant', 'acme', '--url', url);
    expect(run.code).toBe(0);
    expect(harness.fake.webhook).toEqual({ url, headers: { 'X-Webhook-Secret': ACME_SECRET } });
    const calls = harness.fake.requestsTo('POST', /configs\/webhook$/);
    expect(calls.map((call) => call.headers['d360-api-key'])).toEqual([ACME_KEY]);
    expect(run.out).not.toContain(ACME_SECRET);
  });

  it('when the tenant is on the Cloud API, then the app is subscribed to its WABA with its token', async () => {
    const url = 'https://flows.example.com/webhooks/whatsapp';
    const run = await register('register', '--tenant', 'bolt', '--url', url);
    expect(run.code).toBe(0);
    const calls = harness.fake.requestsTo('POST', /subscribed_apps$/);
    expect(
      calls.map((call) => [call.path.includes(BOLT_WABA), call.headers.authorization]),
    ).toEqual([[true, `Bearer ${BOLT_TOKEN}`]]);
  });

  it('when the tenant is unknown, then one line and exit 2', async () => {
    const run = await register(
      'register',
      '--tenant',
      'nobody',
      '--url',
      'https://a.example.com/x',
    );
    expect(run).toMatchObject({ code: 2, out: '--tenant: no tenant nobody' });
  });
});

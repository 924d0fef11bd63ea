import { remoteCommand } from '../../src/cli/flows-remote';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { createMemoryTenantDirectory } from '../helpers/memory-tenant-directory';

const BOLT_TOKEN = 'bolt-access-token-0123456789';
const BOLT_WABA = '200000000000002';

describe('flows remote --tenant', () => {
  let harness: CliHarness;
  beforeEach(async () => {
    harness = await CliHarness.start('360dialog');
    harness.fake.accessTokens.add(BOLT_TOKEN);
    harness.setEnv({ GRAPH_API_URL: `${harness.fake.url}/graph`, GRAPH_API_VERSION: 'v23.0' });
    harness.fake.addFlow('cloud', { name: 'bolt-only', categories: ['OTHER'] }, BOLT_WABA);
    harness.fake.addFlow('360dialog', { name: 'partner-default', categories: ['OTHER'] });
  });
  afterEach(() => harness.stop());

  async function remote(...argv: string[]) {
    const directory = createMemoryTenantDirectory();
    await directory.put('bolt', {
      name: 'Bolt Bikes',
      provider: 'cloud',
      wabaId: BOLT_WABA,
      phoneNumberIds: ['300000000000002'],
      sharedKey: true,
      secrets: { accessToken: BOLT_TOKEN },
    });
    return harness.run(
      argv,
      remoteCommand((use) => use(directory)),
    );
  }

  it("when a tenant is named, then its own WABA's Flows are listed, with its token", async () => {
    const run = await remote('list', '--tenant', 'bolt');
    expect(run.code).toBe(0);
    expect(run.out).toContain('bolt-only');
    expect(run.out).not.toContain('partner-default');
    const calls = harness.fake.requestsTo('GET', /\/flows$/);
    expect(calls.map((call) => call.headers.authorization)).toEqual([`Bearer ${BOLT_TOKEN}`]);
  });

  it('when the tenant is unknown, then exit 2', async () => {
    expect((await remote('list', '--tenant', 'nobody')).code).toBe(2);
  });
});

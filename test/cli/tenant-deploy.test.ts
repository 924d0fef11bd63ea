import { deployCommand } from '../../src/cli/flows-deploy';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import {
  createMemoryTenantDirectory,
  type MemoryTenantDirectory,
} from '../helpers/memory-tenant-directory';

const ACME_KEY = 'acme-channel-key-0123456789';
const BOLT_TOKEN = 'bolt-access-token-0123456789';
const BOLT_WABA = '200000000000002';
const FLOW = 'book-appointment';

async function twoTenants(): Promise<MemoryTenantDirectory> {
  const directory = createMemoryTenantDirectory();
  const common = {
    sharedKey: true,
    flows: [FLOW],
  };
  await directory.put('acme', {
    ...common,
    name: 'Acme Dental',
    provider: '360dialog',
    d360WabaAccountId: 'acmeWA',
    secrets: { d360ApiKey: ACME_KEY },
  });
  await directory.put('bolt', {
    ...common,
    name: 'Bolt Bikes',
    provider: 'cloud',
    wabaId: BOLT_WABA,
    phoneNumberIds: ['300000000000002'],
    secrets: { accessToken: BOLT_TOKEN },
  });
  return directory;
}

describe('flows deploy --tenant and --all-tenants', () => {
  let harness: CliHarness;
  let directory: MemoryTenantDirectory;
  beforeEach(async () => {
    harness = await CliHarness.start('360dialog');
    harness.fake.accessTokens.add(BOLT_TOKEN);
    harness.setEnv({ GRAPH_API_URL: `${harness.fake.url}/graph`, GRAPH_API_VERSION: 'v23.0' });
    directory = await twoTenants();
  });
  afterEach(() => harness.stop());

  async function deploy(...flags: string[]) {
    const command = deployCommand((use) => use(directory));
    const { code, output } = await harness.run(
      [FLOW, ...flags, '--lock-file', harness.lockFile],
      command,
    );
    return { code, out: output };
  }

  const flowAt = (provider: '360dialog' | 'cloud', account: string) =>
    [...harness.fake.flowsOf(provider, account).values()].find((flow) => flow.name === FLOW);

  it("when every tenant is deployed, then each Flow points at its tenant's URL, made with its credentials", async () => {
    const run = await deploy('--all-tenants');
    expect(run.code).toBe(0);
    expect(flowAt('360dialog', 'acmeWA')?.endpoint_uri).toBe(
      `https://flows.example.com/t/acme/flows/${FLOW}`,
    );
    expect(flowAt('cloud', BOLT_WABA)?.endpoint_uri).toBe(
      `https://flows.example.com/t/bolt/flows/${FLOW}`,
    );
    // Bolt's calls carried Bolt's token; Acme's went through the partner's account for acmeWA.
    const graph = harness.fake.requests.filter((request) => request.path.startsWith('/graph/'));
    expect(new Set(graph.map((request) => request.headers.authorization))).toEqual(
      new Set([`Bearer ${BOLT_TOKEN}`]),
    );
    const hub = harness.fake.requests.filter((request) => request.path.startsWith('/hub/'));
    expect(hub.every((request) => request.path.includes('/waba_accounts/acmeWA/'))).toBe(true);
    expect(run.out).toMatch(/^acme\s+360dialog\s+deployed$/m);
    expect(run.out).toMatch(/^bolt\s+cloud\s+deployed$/m);
    expect(run.out).toContain('2 done, 0 failed');
    expect(run.out).toMatch(/\[2\/2\]/);
  });

  it('when run again with nothing changed, then every tenant is up to date and nothing is uploaded', async () => {
    await deploy('--all-tenants');
    const uploads = () => harness.fake.requests.filter((r) => /\/assets$/.test(r.path)).length;
    const before = uploads();
    const again = await deploy('--all-tenants');
    expect(again.code).toBe(0);
    expect(uploads()).toBe(before);
    expect(again.out).toMatch(/^acme\s+360dialog\s+up to date$/m);
    expect(again.out).toMatch(/^bolt\s+cloud\s+up to date$/m);
  });

  it("when one tenant's credentials are refused, then the others are deployed and the exit is 1", async () => {
    harness.fake.accessTokens.delete(BOLT_TOKEN);
    const run = await deploy('--all-tenants');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^bolt\s+cloud\s+failed$/m);
    expect(run.out).toMatch(/^acme\s+360dialog\s+deployed$/m);
    expect(flowAt('360dialog', 'acmeWA')).toBeDefined();
  });

  it('when one tenant is named, then only its account is touched', async () => {
    const run = await deploy('--tenant', 'bolt');
    expect(run.code).toBe(0);
    expect(flowAt('cloud', BOLT_WABA)).toBeDefined();
    expect(flowAt('360dialog', 'acmeWA')).toBeUndefined();
  });

  it('when the tenant is unknown, then one line and exit 2', async () => {
    expect(await deploy('--tenant', 'nobody')).toMatchObject({
      code: 2,
      out: expect.stringContaining('--tenant: no tenant nobody'),
    });
  });
});

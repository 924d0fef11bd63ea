import { readFileSync, writeFileSync } from 'node:fs';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { type Provider } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';

describe.each<Provider>(['360dialog', 'cloud'])('flows remote through %s', (provider) => {
  let cli: CliHarness;
  beforeEach(async () => {
    cli = await CliHarness.start(provider);
  });
  afterEach(() => cli.stop());

  const remote = (...args: string[]) => cli.runWithLock(['remote', ...args]);
  const deployed = async () => {
    expect((await cli.runWithLock(['deploy', 'book-appointment'])).code).toBe(0);
    const [flow] = cli.fake.flowsOf(provider).values();
    if (!flow) throw new Error('not deployed');
    return flow;
  };

  it('when listing, then every Flow is a row: name, id, status, categories, validation error count', async () => {
    const flow = await deployed();
    const broken = cli.fake.addFlow(provider, {
      name: 'lead-gen',
      categories: ['LEAD_GENERATION', 'SURVEY'],
      validation_errors: [{ message: 'one' }, { message: 'two' }],
    });
    const run = await cli.run(['remote', 'list']);

    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ID\s+STATUS\s+CATEGORIES\s+ERRORS$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^book-appointment\\s+${flow.id}\\s+DRAFT\\s+APPOINTMENT_BOOKING\\s+0$`),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^lead-gen\\s+${broken.id}\\s+DRAFT\\s+LEAD_GENERATION,SURVEY\\s+2$`),
      ),
    );
  });

  it('when getting a Flow by its local name, then its details and validation errors are printed', async () => {
    const flow = await deployed();
    flow.validation_errors = [{ message: 'Bad type.', line_start: 4, column_start: 2 }];
    const run = await remote('get', 'book-appointment');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`id: ${flow.id}`);
    expect(run.out).toContain('status: DRAFT');
    expect(run.out).toContain('categories: APPOINTMENT_BOOKING');
    expect(run.out).toContain('validation errors: 1');
    expect(run.out).toContain('flows/book-appointment/flow.json:4:2: Bad type.');
  });

  it('when getting a Flow by remote id, then no lock file is needed', async () => {
    const flow = cli.fake.addFlow(provider, { name: 'elsewhere' });
    const run = await remote('get', flow.id);
    expect(run.code).toBe(0);
    expect(run.out).toContain('name: elsewhere');
  });

  it('when the Flow is unknown, then one line says to deploy it first, exit 2', async () => {
    const run = await remote('get', 'book-appointment');
    expect(run.code).toBe(2);
    expect(run.err).toContain('no Flow "book-appointment"');
  });

  it('when listing assets, then flow.json is listed with its download URL', async () => {
    await deployed();
    const run = await remote('assets', 'book-appointment');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/flow\.json\s+FLOW_JSON\s+https:\/\/mmg\.whatsapp\.net\//);
  });

  it('when asking for the preview with --invalidate, then a new URL is printed', async () => {
    await deployed();
    const first = await remote('preview', 'book-appointment');
    const second = await remote('preview', 'book-appointment', '--invalidate');
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.out.split('\n')[0]).toMatch(
      /^https:\/\/business\.facebook\.com\/wa\/manage\/flows\//,
    );
    expect(second.out.split('\n')[0]).not.toBe(first.out.split('\n')[0]);
    const previews = cli.fake.requests.filter((request) =>
      /preview/.test(request.path + request.query.toString()),
    );
    expect(previews.length).toBeGreaterThanOrEqual(2);
  });

  it('when publishing and then deprecating, then the Flow goes PUBLISHED then DEPRECATED', async () => {
    const flow = await deployed();
    const published = await remote('publish', 'book-appointment');
    expect(published.code).toBe(0);
    expect(published.out).toBe(`Published Flow ${flow.id}`);
    expect(flow.status).toBe('PUBLISHED');

    const deprecated = await remote('deprecate', 'book-appointment');
    expect(deprecated.code).toBe(0);
    expect(flow.status).toBe('DEPRECATED');
  });

  it("when deprecating a draft, then Meta's refusal is one line with its code, exit 1", async () => {
    await deployed();
    const run = await remote('deprecate', 'book-appointment');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^deprecate Flow \d+ failed \(HTTP 400, code 139003\): Can't deprecate a Flow that is not published$/,
    );
  });

  it('when deleting a draft, then it is gone at the provider and from the lock file', async () => {
    const flow = await deployed();
    const run = await remote('delete', 'book-appointment');
    expect(run.code).toBe(0);
    expect(run.out).toBe(`Deleted Flow ${flow.id}`);
    expect(cli.fake.flowsOf(provider).size).toBe(0);
    expect(readFileSync(cli.lockFile, 'utf8')).not.toContain(flow.id);
  });

  it("when migrating from another WABA, then each Flow is reported migrated or failed with Meta's reason, exit 1 when one failed", async () => {
    const source = provider === 'cloud' ? '200000000000001' : 'sourceWA';
    cli.fake.addFlow(provider, { name: 'lead-gen', status: 'PUBLISHED' }, source);
    cli.fake.addFlow(provider, { name: 'book-appointment' }, source);
    cli.fake.addFlow(provider, { name: 'book-appointment' });

    const run = await cli.run(['remote', 'migrate', '--from', source]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^migrated lead-gen: \d+ → \d+$/m);
    expect(run.out).toContain(
      'failed book-appointment: Flow with the same name already exists in the destination WABA (code 4233041)',
    );
    const migrated = [...cli.fake.flowsOf(provider).values()].find(
      (flow) => flow.name === 'lead-gen',
    );
    expect(migrated?.status).toBe('PUBLISHED');
  });

  it('when migrating only some names, then only those are asked for', async () => {
    const source = provider === 'cloud' ? '200000000000001' : 'sourceWA';
    cli.fake.addFlow(provider, { name: 'lead-gen' }, source);
    cli.fake.addFlow(provider, { name: 'survey' }, source);
    const run = await cli.run(['remote', 'migrate', '--from', source, '--names', 'survey']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^migrated survey: /);
    expect(run.out).not.toContain('lead-gen');
    const [request] = cli.fake.requestsTo('POST', /migrate_flows$/);
    if (provider === 'cloud') expect(request?.query.get('source_flow_names')).toBe('["survey"]');
    else expect(request?.body).toEqual({ source_waba_id: source, source_flow_names: ['survey'] });
  });

  it('when the lock file is not valid JSON, then one line names it, exit 1', async () => {
    writeFileSync(cli.lockFile, '{ not json');
    const run = await remote('get', 'book-appointment');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/flows\.lock\.json: not valid JSON/);
  });

  it('when the lock file has ids of another account, then they are not used here', async () => {
    writeFileSync(
      cli.lockFile,
      JSON.stringify({ accounts: { 'cloud:999': { flows: { 'book-appointment': { id: '1' } } } } }),
    );
    const flow = cli.fake.addFlow(provider, { name: 'book-appointment' });
    const run = await remote('get', 'book-appointment');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`id: ${flow.id}`);
  });
});

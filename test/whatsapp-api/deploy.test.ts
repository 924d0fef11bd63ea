import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../../src/whatsapp-api/flows-lock';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { FAKE, type Provider } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';

const FILE = 'flows/book-appointment/flow.json';
const flowJsonText = readFileSync(FILE, 'utf8');

describe.each<Provider>(['360dialog', 'cloud'])('flows deploy through %s', (provider) => {
  let cli: CliHarness;
  beforeEach(async () => {
    cli = await CliHarness.start(provider);
  });
  afterEach(() => cli.stop());

  const deploy = (...flags: string[]) => cli.runWithLock(['deploy', 'book-appointment', ...flags]);
  const account = provider === 'cloud' ? `cloud:${FAKE.wabaId}` : `360dialog:${FAKE.wabaAccountId}`;
  const lock = () =>
    JSON.parse(readFileSync(cli.lockFile, 'utf8')) as {
      accounts: Record<string, { flows: Record<string, { id: string; jsonHash?: string }> }>;
    };
  const uploads = () => cli.fake.requestsTo('POST', /\/assets$/);

  it('when the Flow does not exist, then it is created with its categories and endpoint, flow.json uploaded, the preview printed and the id locked', async () => {
    const run = await deploy();

    expect(run.code).toBe(0);
    const [flow] = cli.fake.flowsOf(provider).values();
    expect(flow).toMatchObject({
      name: 'book-appointment',
      categories: ['APPOINTMENT_BOOKING'],
      endpoint_uri: 'https://flows.example.com/flows/book-appointment',
      status: 'DRAFT',
      flowJson: flowJsonText,
    });
    expect(uploads()[0]?.body).toEqual({
      name: 'flow.json',
      asset_type: 'FLOW_JSON',
      file: flowJsonText,
    });
    expect(run.out).toContain(`Created Flow ${flow?.id}`);
    expect(run.out).toMatch(
      /Preview: https:\/\/business\.facebook\.com\/wa\/manage\/flows\/\d+\/preview\//,
    );
    expect(lock().accounts[account]?.flows['book-appointment']).toEqual({
      id: flow?.id,
      jsonHash: contentHash(flowJsonText),
    });
  });

  it('when flow.json has not changed since the last deploy, then the second deploy uploads nothing', async () => {
    expect((await deploy()).code).toBe(0);
    const run = await deploy();

    expect(run.code).toBe(0);
    expect(run.out).toContain('flow.json unchanged since the last upload: nothing uploaded');
    expect(uploads()).toHaveLength(1);
    expect(cli.fake.requestsTo('POST', /flows$/)).toHaveLength(1);
    expect(cli.fake.flowsOf(provider).size).toBe(1);
  });

  it('when --force is given, then flow.json is uploaded again', async () => {
    await deploy();
    expect((await deploy('--force')).code).toBe(0);
    expect(uploads()).toHaveLength(2);
  });

  it('when the lock file is missing but the Flow exists, then it is found by name, not created twice', async () => {
    const existing = cli.fake.addFlow(provider, { name: 'book-appointment' });
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Found Flow ${existing.id}`);
    expect(cli.fake.flowsOf(provider).size).toBe(1);
    expect(lock().accounts[account]?.flows['book-appointment']?.id).toBe(existing.id);
  });

  it('when Meta finds validation errors, then each is printed as file:line:col: message and the deploy exits 1 without publishing', async () => {
    cli.fake.validate = () => [
      {
        error: 'INVALID_PROPERTY_VALUE',
        error_type: 'FLOW_JSON_ERROR',
        message: 'Invalid value found for property type.',
        line_start: 10,
        line_end: 10,
        column_start: 21,
        column_end: 34,
        pointers: [
          {
            line_start: 10,
            line_end: 10,
            column_start: 21,
            column_end: 34,
            path: 'screens[0].layout.children[0].type',
          },
        ],
      },
      {
        error: 'MISSING_PROPERTY',
        message: 'Missing property.',
        pointers: [{ line_start: 3, column_start: 5, path: 'screens[1]' }],
      },
    ];
    const run = await deploy('--publish');

    expect(run.code).toBe(1);
    expect(run.out).toContain(
      `${FILE}:10:21: Invalid value found for property type. (INVALID_PROPERTY_VALUE) at screens[0].layout.children[0].type`,
    );
    expect(run.out).toContain(`${FILE}:3:5: Missing property. (MISSING_PROPERTY) at screens[1]`);
    expect(run.err).toContain('2 validation error(s)');
    expect(cli.fake.requestsTo('POST', /\/publish$/)).toHaveLength(0);
    expect(lock().accounts[account]?.flows['book-appointment']?.jsonHash).toBeUndefined();

    // Nothing was accepted, so the next deploy uploads again (and reports again).
    expect((await deploy()).code).toBe(1);
    expect(uploads()).toHaveLength(2);
  });

  it('when --publish is given and the upload is clean, then the Flow is published; a later unchanged deploy leaves it so', async () => {
    const run = await deploy('--publish');
    expect(run.code).toBe(0);
    const [flow] = cli.fake.flowsOf(provider).values();
    expect(flow?.status).toBe('PUBLISHED');
    expect(run.out).toContain(`Published Flow ${flow?.id}`);

    const again = await deploy('--publish');
    expect(again.code).toBe(0);
    expect(again.out).toContain('is already published');
    expect(cli.fake.requestsTo('POST', /\/publish$/)).toHaveLength(1);
  });

  it('when the recorded Flow was deleted at the provider, then deploy creates it again', async () => {
    await deploy();
    cli.fake.flowsOf(provider).clear();
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.out).toContain('Creating Flow "book-appointment"');
    expect(uploads()).toHaveLength(2);
  });

  it('when PUBLIC_URL is not set, then the deploy refuses before any call, naming it', async () => {
    cli.setEnv({ PUBLIC_URL: undefined });
    const run = await deploy();
    expect(run.code).toBe(2);
    expect(run.err).toContain('PUBLIC_URL is not set');
    expect(cli.fake.requests).toHaveLength(0);
  });

  it('when the flow does not exist locally, then it is one line and exit 2', async () => {
    const run = await cli.runWithLock(['deploy', 'no-such-flow']);
    expect(run.code).toBe(2);
    expect(run.err).toBe('no flow "no-such-flow": flows/no-such-flow/flow.json does not exist');
    expect(cli.fake.requests).toHaveLength(0);
  });
});

describe('flows deploy when PUBLIC_URL moved', () => {
  it.each<Provider>(['360dialog', 'cloud'])(
    'when the remote endpoint_uri differs (%s), then the Cloud API updates it and 360dialog warns and deploys the rest',
    async (provider) => {
      const cli = await CliHarness.start(provider);
      try {
        const flow = cli.fake.addFlow(provider, {
          name: 'book-appointment',
          endpoint_uri: 'https://old.example.com/flows/book-appointment',
        });
        const run = await cli.runWithLock(['deploy', 'book-appointment']);
        expect(run.code).toBe(0);
        if (provider === 'cloud') {
          expect(flow.endpoint_uri).toBe('https://flows.example.com/flows/book-appointment');
        } else {
          expect(run.err).toContain('warning: update Flow');
          expect(run.err).toContain('documents no way to update');
          expect(flow.flowJson).toBe(flowJsonText);
        }
      } finally {
        await cli.stop();
      }
    },
  );
});

describe('flows deploy of a flow.json the server does not serve', () => {
  const STATIC_FLOW = {
    version: '7.1',
    screens: [
      {
        id: 'WELCOME',
        title: 'Welcome',
        terminal: true,
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextBody', text: 'Hello' },
            { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } },
          ],
        },
      },
    ],
  };
  let cli: CliHarness;
  const cwd = process.cwd();
  beforeEach(async () => {
    cli = await CliHarness.start('cloud');
    mkdirSync(join(cli.dir, 'flows', 'welcome'), { recursive: true });
    process.chdir(cli.dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await cli.stop();
  });

  it('when it uses no endpoint, then it is created without endpoint_uri, as OTHER, and needs no PUBLIC_URL', async () => {
    writeFileSync('flows/welcome/flow.json', JSON.stringify(STATIC_FLOW, null, 2));
    cli.setEnv({ PUBLIC_URL: undefined });
    const run = await cli.runWithLock(['deploy', 'welcome']);
    expect(run.code).toBe(0);
    const [flow] = cli.fake.flowsOf('cloud').values();
    expect(flow).toMatchObject({ name: 'welcome', categories: ['OTHER'] });
    expect(flow?.endpoint_uri).toBeUndefined();
  });

  it('when flow.json has problems locally, then they are printed and nothing is sent, exit 1', async () => {
    const broken = structuredClone(STATIC_FLOW);
    broken.screens[0]!.layout.children[1]!['on-click-action'] = {
      name: 'navigate',
      payload: {},
    };
    writeFileSync('flows/welcome/flow.json', JSON.stringify(broken, null, 2));
    const run = await cli.runWithLock(['deploy', 'welcome']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^flows\/welcome\/flow\.json:\d+:\d+: error: .*\[screens\[0\]/m);
    expect(run.err).toContain('welcome: flow.json has problems; nothing deployed');
    expect(cli.fake.requests).toHaveLength(0);
  });

  it('when flow.json is not JSON, then it says so, exit 2', async () => {
    writeFileSync('flows/welcome/flow.json', '{ "version": ');
    const run = await cli.runWithLock(['deploy', 'welcome']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/flow\.json: not valid JSON/);
    expect(cli.fake.requests).toHaveLength(0);
  });
});

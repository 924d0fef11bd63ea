import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDefinition } from '../../src/flow-definition/define-flow';
import type { ValidationMode } from '../../src/router/validation-mode';
import type { Store } from '../../src/store/store';
import { loopbackMediaReader } from '../helpers/loopback-media';
import { listen, type Listening } from '../helpers/listen';
import { sizeFlow, SIZE_FLOW_FILE, type SizeFault } from '../helpers/size-flow';
import { createTestApp } from '../helpers/test-app';
import { exampleFlows } from '../helpers/example-flows';
import { deviceCli } from './device-cli';

const cli = deviceCli();
const JOURNEYS = join(__dirname, '..', 'fixtures', 'journeys');

const names = exampleFlows(createTestApp().store).map((flow) => flow.name);

async function serve(flows: (store: Store) => FlowDefinition[], validation?: ValidationMode) {
  return listen(
    createTestApp({ flows, media: loopbackMediaReader(), ...(validation && { validation }) }).app,
  );
}

describe('simulate on every example flow', () => {
  // A server per test: a journey books a slot, and no test depends on another's bookings.
  let server: Listening;
  beforeEach(async () => {
    server = await serve(exampleFlows);
  });
  afterEach(() => server.close());

  it.each(names)(
    'when %s plays its journey against this server, then every step is ok',
    async (name) => {
      const script = join(JOURNEYS, `${name}.json`);
      // A flow without a scripted journey yet is still pinged, and opened when it has an
      // endpoint (one without is sent with navigate: the device never sends it INIT).
      const flowJson = JSON.parse(readFileSync(join('flows', name, 'flow.json'), 'utf8')) as {
        data_api_version?: string;
      };
      const opening = flowJson.data_api_version === undefined ? [] : [{ action: 'INIT' }];
      const steps = existsSync(script)
        ? script
        : cli.file(`${name}.json`, [{ action: 'ping' }, ...opening]);
      const url = `${server.base}/flows/${name}`;
      const code = await cli.run(
        'simulate',
        name,
        '--url',
        url,
        '--public-key',
        cli.publicKey(),
        '--steps',
        steps,
      );
      expect(cli.printed()).not.toContain('FAIL');
      expect(cli.printed()).toMatch(/all \d+ steps ok/);
      expect(code).toBe(0);
    },
  );

  it('when asked for --json, then each step is a record with the answer screen and no flow token in the requests', async () => {
    const url = `${server.base}/flows/book-appointment`;
    const steps = join(JOURNEYS, 'book-appointment.json');
    expect(
      await cli.run(
        'simulate',
        'book-appointment',
        '--url',
        url,
        '--public-key',
        cli.publicKey(),
        '--steps',
        steps,
        '--json',
      ),
    ).toBe(0);
    const result = JSON.parse(cli.printed()) as {
      ok: boolean;
      steps: { screen?: string; request: object }[];
    };
    expect(result.ok).toBe(true);
    expect(result.steps.map((step) => step.screen)).toEqual([
      undefined,
      'APPOINTMENT',
      'APPOINTMENT',
      'APPOINTMENT',
      'APPOINTMENT',
      'DETAILS',
      'APPOINTMENT',
      undefined,
      'SUMMARY',
      'SUMMARY',
      'APPOINTMENT',
      'SUCCESS',
    ]);
    for (const step of result.steps) expect(step.request).not.toHaveProperty('flow_token');
  });

  it("when a step's expect is not met, then it fails with exit 1", async () => {
    const url = `${server.base}/flows/book-appointment`;
    const steps = cli.file('wrong.json', [
      { action: 'INIT', expect: { screen: 'DETAILS', status: 200 } },
    ]);
    expect(
      await cli.run(
        'simulate',
        'book-appointment',
        '--url',
        url,
        '--public-key',
        cli.publicKey(),
        '--steps',
        steps,
      ),
    ).toBe(1);
    expect(cli.printed()).toContain('FAIL expected screen DETAILS, got APPOINTMENT');
  });

  it.each([
    ['steps that are not an array', { action: 'INIT' }, /--steps: .*expected array/],
    [
      'an unknown action',
      [{ action: 'OPEN' }],
      /\[0\.action\] action must be INIT, data_exchange, BACK, ping, navigate or complete/,
    ],
    ['an unknown key', [{ action: 'INIT', sceen: 'X' }], /\[0\] Unrecognized key: "sceen"/],
  ])('when given %s, then it exits 2 naming the problem', async (_case, steps, message) => {
    const url = `${server.base}/flows/book-appointment`;
    const file = cli.file('bad.json', steps);
    expect(
      await cli.run(
        'simulate',
        'book-appointment',
        '--url',
        url,
        '--public-key',
        cli.publicKey(),
        '--steps',
        file,
      ),
    ).toBe(2);
    expect(cli.printed()).toMatch(message);
  });

  it('when the endpoint is not this server and no token is given, then it exits 2 asking for --flow-token', async () => {
    const steps = cli.file('init.json', [{ action: 'INIT' }]);
    expect(
      await cli.run(
        'simulate',
        'book-appointment',
        '--url',
        'https://example.com/flows/book-appointment',
        '--public-key',
        cli.publicKey(),
        '--steps',
        steps,
      ),
    ).toBe(2);
    expect(cli.printed()).toContain('--flow-token: needed');
  });

  it('when the flow is unknown, then it exits 2', async () => {
    const steps = cli.file('init.json', [{ action: 'INIT' }]);
    expect(
      await cli.run(
        'simulate',
        'no-such-flow',
        '--url',
        `${server.base}/flows/x`,
        '--public-key',
        cli.publicKey(),
        '--steps',
        steps,
      ),
    ).toBe(2);
  });
});

describe('simulate against a misbehaving handler', () => {
  const steps = [
    { action: 'INIT' },
    { action: 'data_exchange', screen: 'PICK', data: { size: 'm', email: 'a@example.com' } },
  ];
  const play = async (fault: SizeFault, validation?: ValidationMode, journey: unknown = steps) => {
    const server = await serve(() => [sizeFlow(fault)], validation);
    try {
      return await cli.run(
        'simulate',
        SIZE_FLOW_FILE,
        '--url',
        `${server.base}/flows/leaky`,
        '--public-key',
        cli.publicKey(),
        '--steps',
        cli.file('size.json', journey),
      );
    } finally {
      await server.close();
    }
  };

  it('when the answer carries a field DONE does not declare, then payload-schema-error names it', async () => {
    expect(await play('undeclared-field', 'off')).toBe(1);
    expect(cli.printed()).toContain(
      'FAIL payload-schema-error: DONE.discount_code is not declared by the screen',
    );
  });

  it('when this server holds answers to flow.json (strict), then the same handler is a 500 and its whole reason is printed', async () => {
    expect(await play('undeclared-field')).toBe(1);
    expect(cli.printed()).toMatch(
      /FAIL unexpected_http_status_code: HTTP 500 .*DONE\.discount_code is not declared by the screen/,
    );
  });

  it('when a step fails, then the steps after it are not sent (they would start from the wrong screen) and it exits 1', async () => {
    const journey = [...steps, { action: 'data_exchange', screen: 'DONE', data: {} }];
    expect(await play('undeclared-field', undefined, journey)).toBe(1);
    expect(cli.printed()).not.toMatch(/^\s*3 {2}/m);
    expect(cli.printed()).toContain(
      'stopped at step 2 of 3: the steps after a failed one are not sent',
    );
  });
});

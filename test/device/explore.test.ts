import type { FlowDefinition } from '../../src/flow-definition/define-flow';
import type { ValidationMode } from '../../src/router/validation-mode';
import type { Store } from '../../src/store/store';
import { exampleFlows } from '../helpers/example-flows';
import { loopbackMediaReader } from '../helpers/loopback-media';
import { listen } from '../helpers/listen';
import { sizeFlow, SIZE_FLOW_FILE, type SizeFault } from '../helpers/size-flow';
import { createTestApp } from '../helpers/test-app';
import { deviceCli } from './device-cli';

const cli = deviceCli();
const names = exampleFlows(createTestApp().store).map((flow) => flow.name);

interface Explored {
  code: number;
  ok: boolean;
  summary: {
    journeys: number;
    reachedSuccess: number;
    rejectedAnswers: number;
    serverErrors: number;
    deadEnds: number;
  };
  findings: { kind: string; fault?: string; message: string; count: number }[];
  journeys: { path: string[]; outcome: string; requests: number }[];
}

/** Explores `flow` on a fresh server (bookings from one run never reach another), as --json. */
async function explore(
  flows: (store: Store) => FlowDefinition[],
  flow: string,
  url: string,
  extra: string[] = [],
  validation?: ValidationMode,
): Promise<Explored> {
  const server = await listen(
    createTestApp({ flows, media: loopbackMediaReader(), ...(validation && { validation }) }).app,
  );
  try {
    const code = await cli.run(
      'explore',
      flow,
      '--url',
      `${server.base}${url}`,
      '--public-key',
      cli.publicKey(),
      '--json',
      ...extra,
    );
    return { code, ...(JSON.parse(cli.printed()) as Omit<Explored, 'code'>) };
  } finally {
    await server.close();
  }
}

describe('explore on every example flow', () => {
  it.each(names)(
    'when %s is explored, then no answer is rejected, no 5xx, no dead end, and journeys reach SUCCESS',
    async (name) => {
      const result = await explore(exampleFlows, name, `/flows/${name}`, [
        '--journeys',
        '12',
        '--seed',
        '7',
      ]);
      expect(result.findings).toEqual([]);
      expect(result.summary).toMatchObject({
        journeys: 12,
        rejectedAnswers: 0,
        serverErrors: 0,
        deadEnds: 0,
      });
      expect(result.summary.reachedSuccess).toBeGreaterThan(0);
      expect(result.code).toBe(0);
    },
  );

  it('when the same seed is explored twice, then the same journeys are walked; another seed walks others', async () => {
    const run = (seed: string) =>
      explore(exampleFlows, 'book-appointment', '/flows/book-appointment', [
        '--journeys',
        '8',
        '--seed',
        seed,
      ]);
    const first = await run('3');
    const again = await run('3');
    const other = await run('4');
    const walked = (result: Explored) =>
      result.journeys.map((j) => `${j.path.join('>')} ${j.outcome} ${j.requests}`);
    expect(walked(again)).toEqual(walked(first));
    expect(walked(other)).not.toEqual(walked(first));
  });

  it('when run without --json, then one line per journey and a summary with the share reaching SUCCESS', async () => {
    const server = await listen(createTestApp({ flows: exampleFlows }).app);
    try {
      const url = `${server.base}/flows/book-appointment`;
      expect(
        await cli.run(
          'explore',
          'book-appointment',
          '--url',
          url,
          '--public-key',
          cli.publicKey(),
          '--journeys',
          '3',
        ),
      ).toBe(0);
    } finally {
      await server.close();
    }
    expect(cli.printed()).toMatch(/journey {3}1: APPOINTMENT → .* \[\w+, \d+ requests\]/);
    expect(cli.printed()).toMatch(
      /SUCCESS reached in \d of 3 journeys \(\d+ %\), \d+ requests; rejected answers 0, 5xx 0, dead ends 0/,
    );
  });
});

describe('explore finds what the tests did not', () => {
  const run = (fault: SizeFault, validation?: ValidationMode) =>
    explore(
      () => [sizeFlow(fault)],
      SIZE_FLOW_FILE,
      '/flows/leaky',
      ['--journeys', '10'],
      validation,
    );

  it('when a handler answers a field the next screen does not declare, then explore reports payload-schema-error naming it', async () => {
    const result = await run('undeclared-field', 'off');
    expect(result.code).toBe(1);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        kind: 'rejected-answer',
        fault: 'payload-schema-error',
        message: 'data_exchange PICK: DONE.discount_code is not declared by the screen',
      }),
    );
    expect(result.summary.reachedSuccess).toBe(0);
  });

  it('when INIT offers nothing to choose for a required input, then explore reports a dead end', async () => {
    const result = await run('no-options');
    expect(result.code).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'dead-end',
        message:
          'PICK: the Continue button stays disabled: size is required but has no option to choose',
        count: 10,
      }),
    ]);
  });

  it('when the handler throws for one choice, then explore reports the 5xx and the others still succeed', async () => {
    const result = await run('crash-on-large');
    expect(result.code).toBe(1);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ kind: 'server-error', fault: 'unexpected_http_status_code' }),
    );
    expect(result.summary.serverErrors).toBeGreaterThan(0);
    expect(result.summary.reachedSuccess).toBeGreaterThan(0);
  });

  it('when the flow is well served, then every journey reaches SUCCESS', async () => {
    const result = await run('none');
    expect(result.findings).toEqual([]);
    expect(result.summary.reachedSuccess).toBe(10);
  });
});

describe('explore flags', () => {
  it.each([
    ['--journeys', '0'],
    ['--journeys', '501'],
    ['--seed', 'abc'],
    ['--max-steps', '-1'],
    ['--cdn-port', '0'],
    ['--cdn-port', '70000'],
    ['--cdn-url', 'ftp://media.example.com'],
  ])('when given %s %s, then it exits 2', async (flag, value) => {
    expect(
      await cli.run(
        'explore',
        'book-appointment',
        '--url',
        'http://127.0.0.1:1/flows/book-appointment',
        '--public-key',
        cli.publicKey(),
        flag,
        value,
      ),
    ).toBe(2);
  });
});

describe('explore with tokens the endpoint refuses', () => {
  it('when FLOW_TOKEN_SECRET is not the server’s, then every journey stops at INIT and it exits 1 with a note', async () => {
    process.env.FLOW_TOKEN_SECRET = 'another-flow-token-secret-0123456789abcdef';
    const server = await listen(createTestApp({ flows: exampleFlows }).app);
    try {
      const url = `${server.base}/flows/book-appointment`;
      expect(
        await cli.run(
          'explore',
          'book-appointment',
          '--url',
          url,
          '--public-key',
          cli.publicKey(),
          '--journeys',
          '2',
        ),
      ).toBe(1);
    } finally {
      await server.close();
    }
    expect(cli.printed()).toContain('FLOW_TOKEN_SECRET must be the server’s');
    expect(cli.printed()).toMatch(/FAIL {2}token-refused \(flow-token-invalid\): INIT: 427/);
  });
});

import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readDeviceFlow } from '../../src/device/device-flow';
import { defaultOpening } from '../../src/device/device-opening';
import { readJsonFile } from '../../src/util/read-json-file';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { exampleFlows } from '../helpers/example-flows';
import { listen, type Listening } from '../helpers/listen';
import { createTestApp } from '../helpers/test-app';
import { WEBHOOK_SECRET } from '../helpers/webhook-deliveries';
import { deviceCli } from './device-cli';

const cli = deviceCli();
const FEEDBACK_JOURNEY = join(__dirname, '..', 'fixtures', 'journeys', 'feedback.json');
const TYPED_ANSWERS = join(__dirname, '..', 'fixtures', 'flows', 'typed-answers', 'flow.json');
const RATINGS = { purchase_rating: '5', delivery_rating: '4', service_rating: '5' };
/** The feedback journey without its health check: nothing but the device and the webhook. */
const onDeviceOnly = () =>
  cli.file('on-device.json', [
    { action: 'INIT' },
    { action: 'navigate', data: { recommend: '0_yes', comment: 'Quick and friendly' } },
    { action: 'complete', data: RATINGS },
  ]);

interface Explored {
  ok: boolean;
  summary: { reachedSuccess: number; requests: number; badCompletions: number };
  findings: { kind: string; message: string; count: number }[];
  journeys: {
    path: string[];
    outcome: string;
    requests: number;
    completion?: { params: Record<string, unknown>; messageId?: string };
  }[];
}

/** This server with every example flow, its webhook route taking deliveries signed with either secret. */
async function serve(store?: Store): Promise<Listening> {
  return listen(
    createTestApp({
      flows: exampleFlows,
      ...(store && { store }),
      webhooks: { webhookSecrets: [WEBHOOK_SECRET], retryDelaysMs: [0, 0, 0] },
    }).app,
  );
}

let server: Listening;
beforeEach(async () => {
  server = await serve();
});
afterEach(() => server.close());

const explore = (flow: string, url: string, ...extra: string[]) =>
  cli.run('explore', flow, '--url', url, '--public-key', cli.publicKey(), '--json', ...extra);

describe('a navigate-only flow opens as its message does', () => {
  it('when the feedback flow is explored, then it opens on its first screen with no INIT, and each journey ends at SUCCESS with the params its complete action declares', async () => {
    const code = await explore('feedback', `${server.base}/flows/feedback`, '--journeys', '6');
    const result = JSON.parse(cli.printed()) as Explored;
    expect(result.findings).toEqual([]);
    expect(code).toBe(0);
    expect(result.summary.requests).toBe(0);
    const finished = result.journeys.filter((journey) => journey.outcome === 'complete');
    expect(finished.length).toBe(result.summary.reachedSuccess);
    expect(finished.length).toBeGreaterThan(0);
    for (const journey of finished) {
      expect(journey.path).toEqual(['screen_feedback_one', 'screen_feedback_two', 'SUCCESS']);
      expect(journey.completion?.params).toEqual(
        expect.objectContaining({
          flow_token: expect.any(String),
          recommend: expect.stringMatching(/^(0_yes|1_no)$/),
          purchase_rating: expect.stringMatching(/^[1-5]$/),
          delivery_rating: expect.stringMatching(/^[1-5]$/),
          service_rating: expect.stringMatching(/^[1-5]$/),
        }),
      );
    }
  });

  it('when run without --json, then the opening is named and the summary counts the completions', async () => {
    expect(
      await cli.run(
        'explore',
        'feedback',
        '--url',
        `${server.base}/flows/feedback`,
        '--public-key',
        cli.publicKey(),
        '--journeys',
        '3',
      ),
    ).toBe(0);
    expect(cli.printed()).toContain('opening screen_feedback_one on the device (navigate)');
    expect(cli.printed()).toMatch(
      /journey {3}1: screen_feedback_one → screen_feedback_two → SUCCESS {2}\[complete, 0 requests\]/,
    );
    expect(cli.printed()).toMatch(/SUCCESS reached in 3 of 3 journeys \(100 %\), 0 requests/);
  });

  it('when a complete action sends what flow.json does not declare (a number input echoed as text into an integer), then explore reports it and exits 1', async () => {
    const code = await explore(TYPED_ANSWERS, 'http://127.0.0.1:1/flows/typed-answers');
    const result = JSON.parse(cli.printed()) as Explored;
    expect(code).toBe(1);
    expect(result.summary.badCompletions).toBeGreaterThan(0);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        kind: 'bad-completion',
        message: expect.stringMatching(/^complete on THANKS: age .* \(sent a string\)$/),
      }),
    );
  });

  it('when --open data_exchange is asked of a flow without an endpoint, then INIT is sent and the endpoint’s refusal (4xx) reported', async () => {
    expect(
      await explore(
        'feedback',
        `${server.base}/flows/feedback`,
        '--journeys',
        '1',
        '--open',
        'data_exchange',
      ),
    ).toBe(1);
    expect(cli.printed()).toMatch(/"message": "INIT: HTTP 4\d\d /);
  });

  it.each([
    [['--screen', 'THANKS'], /--screen: flow.json has no screen "THANKS"/],
    [
      ['--data', '{"rating":"5"}'],
      /--data\/--screen: screen "screen_feedback_one" does not declare "rating"/,
    ],
    [['--open', 'INIT'], /--open: navigate or data_exchange/],
    [
      ['--open', 'data_exchange', '--screen', 'screen_feedback_one'],
      /--screen\/--data open the flow with navigate/,
    ],
    [['--webhook-url', 'ftp://example.com/hook'], /--webhook-url: an http\(s\) URL/],
  ])('when given %p, then it exits 2 naming the problem', async (extra, message) => {
    expect(await explore('feedback', `${server.base}/flows/feedback`, ...extra)).toBe(2);
    expect(cli.printed()).toMatch(message);
  });

  it('when the flow is not this server’s, then flow.json decides: data_exchange only with an endpoint and an entry screen that needs data', () => {
    const read = (file: string) => {
      const json = readJsonFile(file);
      if ('error' in json) throw new Error(json.error);
      return readDeviceFlow(json.json, file).json;
    };
    expect(defaultOpening(read('flows/book-appointment/flow.json'))).toEqual({
      action: 'data_exchange',
    });
    expect(defaultOpening(read('flows/feedback/flow.json'))).toEqual({
      action: 'navigate',
      screen: 'screen_feedback_one',
      data: {},
    });
    // Its first screen needs nothing: a message may open it with navigate (this server answers INIT).
    expect(defaultOpening(read('flows/support-request/flow.json'))).toMatchObject({
      action: 'navigate',
      screen: 'DESCRIBE',
    });
  });
});

describe('a scripted journey through a navigate-only flow', () => {
  const simulate = (steps: string, ...extra: string[]) =>
    cli.run(
      'simulate',
      'feedback',
      '--url',
      `${server.base}/flows/feedback`,
      '--public-key',
      cli.publicKey(),
      '--steps',
      steps,
      ...extra,
    );

  it('when the feedback journey is played, then INIT opens it on the device, navigate and complete run there, and SUCCESS carries the flow token', async () => {
    expect(await simulate(FEEDBACK_JOURNEY, '--json')).toBe(0);
    const result = JSON.parse(cli.printed()) as {
      ok: boolean;
      steps: {
        screen?: string;
        status?: number;
        onDevice?: boolean;
        completion?: { params: Record<string, unknown> };
      }[];
    };
    expect(result.ok).toBe(true);
    expect(result.steps.map((step) => [step.screen, step.onDevice ?? false])).toEqual([
      [undefined, false],
      ['screen_feedback_one', true],
      ['screen_feedback_two', true],
      ['SUCCESS', true],
    ]);
    expect(result.steps[3]?.completion?.params).toEqual({
      ...RATINGS,
      recommend: '0_yes',
      comment: 'Quick and friendly',
      flow_token: expect.any(String),
    });
  });

  it('when complete is pressed with a required rating left empty, then the step fails: the button stays disabled', async () => {
    const steps = cli.file('unrated.json', [
      { action: 'INIT' },
      { action: 'navigate', data: { recommend: '1_no' } },
      { action: 'complete', data: { purchase_rating: '3' } },
    ]);
    expect(await simulate(steps)).toBe(1);
    expect(cli.printed()).toContain(
      'FAIL screen_feedback_two: the button stays disabled: delivery_rating, service_rating required',
    );
  });

  it('when navigate comes before the flow is opened, then the step fails asking for INIT', async () => {
    const steps = cli.file('unopened.json', [{ action: 'navigate', data: { recommend: '0_yes' } }]);
    expect(await simulate(steps)).toBe(1);
    expect(cli.printed()).toContain('FAIL no screen is shown: open the flow with INIT');
  });
});

describe('completions delivered to the webhook', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'navigate-only-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The server on a store file, so that `flows completions` reads what the webhook recorded. */
  async function withStoredServer(run: (base: string) => Promise<void>) {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file);
    const stored = await serve(store);
    try {
      await run(stored.base);
    } finally {
      await stored.close();
      await store.close();
    }
    process.env.STORE_URL = `sqlite:${file}`;
    expect(await cli.run('completions', '--flow', 'feedback', '--format', 'json')).toBe(0);
    return JSON.parse(cli.printed()) as { id: string; matchedBy: string; params: object }[];
  }

  it('when explore is given --webhook-url, then each completion is posted as a signed nfm_reply and lands in flows completions, matched by its flow token', async () => {
    let delivered: string[] = [];
    const exported = await withStoredServer(async (base) => {
      const code = await explore(
        'feedback',
        `${base}/flows/feedback`,
        '--journeys',
        '4',
        '--webhook-url',
        `${base}/webhooks/whatsapp`,
      );
      const result = JSON.parse(cli.printed()) as Explored;
      expect(result.findings).toEqual([]);
      expect(code).toBe(0);
      delivered = result.journeys.flatMap((journey) => journey.completion?.messageId ?? []);
      expect(delivered).toHaveLength(result.summary.reachedSuccess);
    });
    expect(exported.map((completion) => completion.id).sort()).toEqual([...delivered].sort());
    for (const completion of exported) {
      expect(completion.matchedBy).toBe('flow_token');
      expect(completion.params).toEqual(expect.objectContaining({ recommend: expect.any(String) }));
    }
  });

  it('when simulate is given --webhook-url and only WEBHOOK_SECRET (360dialog), then the completion lands once with the answers given', async () => {
    const exported = await withStoredServer(async (base) => {
      delete process.env.APP_SECRET;
      process.env.WEBHOOK_SECRET = WEBHOOK_SECRET;
      const url = `${base}/flows/feedback`;
      expect(
        await cli.run(
          'simulate',
          'feedback',
          '--url',
          url,
          '--public-key',
          cli.publicKey(),
          '--steps',
          onDeviceOnly(),
          '--webhook-url',
          `${base}/webhooks/whatsapp`,
        ),
      ).toBe(0);
      expect(cli.printed()).toMatch(/delivered to the webhook as wamid\.\w+/);
    });
    expect(exported).toEqual([
      expect.objectContaining({
        matchedBy: 'flow_token',
        params: { ...RATINGS, recommend: '0_yes', comment: 'Quick and friendly' },
      }),
    ]);
  });

  it('when the webhook refuses the delivery (another secret), then the completion step fails naming the answer', async () => {
    process.env.APP_SECRET = 'not-the-servers-app-secret';
    expect(
      await cli.run(
        'simulate',
        'feedback',
        '--url',
        `${server.base}/flows/feedback`,
        '--public-key',
        cli.publicKey(),
        '--steps',
        onDeviceOnly(),
        '--webhook-url',
        `${server.base}/webhooks/whatsapp`,
      ),
    ).toBe(1);
    expect(cli.printed()).toMatch(/FAIL completion: the webhook answered 401/);
  });

  it('when --webhook-url is given with neither secret, then it exits 2 naming both', async () => {
    delete process.env.APP_SECRET;
    delete process.env.WEBHOOK_SECRET;
    expect(
      await explore(
        'feedback',
        `${server.base}/flows/feedback`,
        '--webhook-url',
        `${server.base}/webhooks/whatsapp`,
      ),
    ).toBe(2);
    expect(cli.printed()).toContain('set APP_SECRET (or --app-secret-file) or WEBHOOK_SECRET');
  });
});

import { signBody } from '../../src/device/sign-body';
import { createFeedbackFlow } from '../../flows/feedback';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { caseSeed, chance, int, pick, prng, randomBytes, type Random } from '../fuzz/prng';
import { APP_SECRET, createTestApp, issueToken } from '../helpers/test-app';
import {
  cloudMessages,
  deliver,
  flowsChange,
  nfmReply,
  statusUpdate,
  textMessage,
  WEBHOOK_SECRET,
} from '../helpers/webhook-deliveries';

const SEED = 0x14;
const CASES = 1000;

/** Values that break naive code: wrong types, prototype keys, huge and odd strings. */
function hostileValue(random: Random, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => null,
    () => int(random, 2) === 0,
    () => pick(random, [0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 0.1]),
    () =>
      pick(random, [
        '',
        'unused',
        'x'.repeat(5000),
        '\u0000\ud800',
        '__proto__',
        '${form.x}',
        '<script>',
      ]),
    () => randomBytes(random, int(random, 40)).toString('latin1'),
    () =>
      depth > 4
        ? []
        : Array.from({ length: int(random, 4) }, () => hostileValue(random, depth + 1)),
    () =>
      depth > 4
        ? {}
        : Object.fromEntries(
            Array.from({ length: int(random, 4) }, () => [
              pick(random, ['__proto__', 'constructor', 'id', 'flow_token', 'event', 'value', 'a']),
              hostileValue(random, depth + 1),
            ]),
          ),
  ];
  return pick(random, choices)();
}

/** Replaces one randomly chosen property somewhere in `value` by something hostile. */
function mutate(random: Random, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return hostileValue(random);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0) return hostileValue(random);
  const key = pick(random, keys);
  const target = copy as Record<string, unknown>;
  target[key] = chance(random, 0.5) ? mutate(random, target[key]) : hostileValue(random);
  return copy;
}

function validDelivery(random: Random): unknown {
  const token = issueToken(pick(random, ['survey', 'feedback', 'nope']));
  return pick(random, [
    () => cloudMessages([nfmReply({ response: { flow_token: token, a: hostileValue(random) } })]),
    () => cloudMessages([textMessage()], [statusUpdate()]),
    () => ({ messages: [nfmReply({ contextId: 'wamid.X', response: { b: 1 } })] }),
    () =>
      flowsChange({
        event: 'ENDPOINT_LATENCY',
        flow_id: '1',
        p90_latency: 8000,
        alert_state: 'ACTIVATED',
      }),
    () =>
      flowsChange({
        event: 'CLIENT_ERROR_RATE',
        flow_id: '2',
        errors: [{ error_type: 'X', error_rate: 1 }],
      }),
  ])();
}

function hostileBody(random: Random): string | Buffer {
  const kind = int(random, 8);
  if (kind === 0) return randomBytes(random, int(random, 300));
  if (kind === 1) return JSON.stringify(validDelivery(random)).slice(0, int(random, 200));
  if (kind === 2) return `${'['.repeat(5000)}${']'.repeat(5000)}`;
  if (kind === 3) {
    // response_json that is not an object, or an object of the wrong shape.
    const reply = nfmReply({ response: {} });
    reply.interactive.nfm_reply.response_json = JSON.stringify(hostileValue(random)) ?? 'undefined';
    return JSON.stringify(cloudMessages([reply]));
  }
  let body = validDelivery(random);
  for (let i = 0, n = 1 + int(random, 4); i < n; i++) body = mutate(random, body);
  return JSON.stringify(body) ?? 'null';
}

describe('webhook fuzz', () => {
  it(`when ${CASES} hostile bodies are delivered, then none is answered with a 5xx`, async () => {
    const survey = defineFlow({ name: 'survey', onComplete: () => undefined });
    const { app, store } = createTestApp({
      flows: (shared) => [survey, createFeedbackFlow({ store: shared })],
      webhooks: { webhookSecrets: [WEBHOOK_SECRET], retryDelaysMs: [] },
    });
    const statuses = new Map<number, number>();
    for (let index = 0; index < CASES; index++) {
      const random = prng(caseSeed(SEED, index));
      const body = hostileBody(random);
      const auth = pick(random, ['meta', 'meta', 'meta', '360dialog', 'none'] as const);
      const res = await deliver(
        app,
        body,
        auth === 'meta' ? { signature: signBody(body, APP_SECRET) } : auth,
      );
      if (res.status >= 500) throw new Error(`case ${index} answered ${res.status}: ${res.text}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    // The mix reached every outcome: recorded or ignored, malformed, refused.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401]));
    expect((await createWebhookRecords(store).completions()).length).toBeGreaterThan(0);
  }, 120_000);
});

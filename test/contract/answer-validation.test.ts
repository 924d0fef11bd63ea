import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FlowJsonError } from '../../src/router/load-flow';
import { defineFlow } from '../../src/flow-definition/define-flow';
import type { ValidationMode } from '../../src/router/validation-mode';
import { metricValue } from '../helpers/metric-value';
import { createTestApp, issueToken } from '../helpers/test-app';

const flowJson = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'flows', 'answers-flow.json'), 'utf8'),
) as Record<string, unknown>;

const GOOD_START = { items: [{ id: 'a', title: 'A' }], count: 1 };

/** INIT answers whatever the token's subject names: one kind of mismatch per subject. */
const ANSWERS: Record<string, [string, Record<string, unknown>]> = {
  good: ['START', GOOD_START],
  'unknown-screen': ['STRAT', GOOD_START],
  'missing-field': ['START', { items: [] }],
  'wrong-type': ['START', { items: [], count: '1' }],
  undeclared: ['START', { ...GOOD_START, colour: 'red' }],
  'nested-wrong': ['START', { items: [{ id: 7, title: 'A' }], count: 1 }],
};

function answersApp(validation: ValidationMode) {
  const received: unknown[] = [];
  const flow = defineFlow({
    name: 'answers',
    flowJson,
    INIT: (ctx) => {
      const [screen, data] = ANSWERS[ctx.subject ?? 'good'] ?? ['START', GOOD_START];
      return ctx.next(screen, data);
    },
    screens: {
      START: {
        input: z.looseObject({ email: z.email({ error: 'That email looks wrong.' }) }),
        data_exchange: (ctx) => {
          received.push(ctx.data);
          return ctx.next('END', { summary: 'done' });
        },
      },
      END: {
        // Not allowed: routing_model has END → nothing.
        data_exchange: (ctx) => ctx.next('START', GOOD_START),
      },
    },
  });
  return { ...createTestApp({ flows: [flow], validation }), received };
}

const init = (subject: string) => ({
  version: '3.0',
  action: 'INIT',
  flow_token: issueToken('answers', subject),
});

const MISMATCHES: [string, string][] = [
  ['unknown-screen', 'STRAT screen "STRAT" is not in flows/answers/flow.json'],
  ['missing-field', 'START.count is declared but missing'],
  ['wrong-type', 'START.count should be number, not "1"'],
  ['undeclared', 'START.colour is not declared by the screen'],
  ['nested-wrong', 'START.items[0].id should be string, not 7'],
];

describe('answers checked against flow.json', () => {
  describe('strict (the default outside production)', () => {
    it.each(MISMATCHES)(
      'when INIT answers with %s, then it is a 500 and the log names it',
      async (token, problem) => {
        const { send, logs, app } = answersApp('strict');
        const reply = await send(init(token));
        expect(reply.status).toBe(500);
        const line = logs
          .lines()
          .find(
            (entry) => entry.level === 50 && String(entry.msg).startsWith('answer does not match'),
          );
        expect(line).toMatchObject({ flow: 'answers', action: 'INIT', problems: [problem] });
        expect(await metricValue(app, 'flows_invalid_answers_total', { flow: 'answers' })).toBe(1);
      },
    );

    it('when a data_exchange answer goes where routing_model does not allow, then it is a 500', async () => {
      const { send, logs } = answersApp('strict');
      const reply = await send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'END',
        data: { summary: 'x' },
        flow_token: issueToken('answers'),
      });
      expect(reply.status).toBe(500);
      expect(logs.text()).toContain('routing_model does not allow END → START');
    });

    it('when the answer matches, then it is sent and nothing is counted', async () => {
      const { send, app } = answersApp('strict');
      const reply = await send(init('good'));
      expect(reply.json).toEqual({ screen: 'START', data: GOOD_START });
      expect(await metricValue(app, 'flows_invalid_answers_total', { flow: 'answers' })).toBe(0);
    });
  });

  describe('warn (the default in production)', () => {
    it.each(MISMATCHES)(
      'when INIT answers with %s, then it is sent, logged at error level and counted',
      async (token, problem) => {
        const { send, logs, app } = answersApp('warn');
        const reply = await send(init(token));
        expect(reply.status).toBe(200);
        expect(reply.json).toEqual({ screen: ANSWERS[token]?.[0], data: ANSWERS[token]?.[1] });
        const line = logs
          .lines()
          .find((entry) => String(entry.msg).startsWith('answer does not match'));
        expect(line).toMatchObject({
          level: 50,
          flow: 'answers',
          problems: [problem],
          validation: 'warn',
        });
        expect(await metricValue(app, 'flows_invalid_answers_total', { flow: 'answers' })).toBe(1);
      },
    );
  });

  describe('off', () => {
    it('when an answer does not match, then it is sent without a word', async () => {
      const { send, logs, app } = answersApp('off');
      const reply = await send(init('missing-field'));
      expect(reply.status).toBe(200);
      expect(logs.text()).not.toContain('answer does not match');
      expect(await metricValue(app, 'flows_invalid_answers_total', { flow: 'answers' })).toBe(0);
    });
  });
});

describe('incoming data parsed by the schema derived from flow.json', () => {
  const exchange = (data: Record<string, unknown>) => ({
    version: '3.0',
    action: 'data_exchange',
    screen: 'START',
    data,
    flow_token: issueToken('answers'),
  });

  it('when the data fits, then the handler gets it parsed, without keys the flow never sends', async () => {
    const { send, received } = answersApp('strict');
    const reply = await send(exchange({ email: 'a@b.co', kind: 'go', injected: '<script>' }));
    expect(reply.json).toEqual({ screen: 'END', data: { summary: 'done' } });
    expect(received).toEqual([{ email: 'a@b.co', kind: 'go' }]);
  });

  it('when a required input is missing, then the user stays on the screen with an error_message', async () => {
    const { send, received } = answersApp('strict');
    const reply = await send(exchange({ kind: 'go' }));
    expect(reply.json).toEqual({
      screen: 'START',
      data: { error_message: "Please fill in 'Email'." },
    });
    expect(received).toEqual([]);
  });

  it('when a value has the wrong type, then the user is asked to check it', async () => {
    const { send } = answersApp('strict');
    const reply = await send(exchange({ email: ['a@b.co'], kind: 'go' }));
    expect(reply.json).toEqual({
      screen: 'START',
      data: { error_message: "Please check 'Email'." },
    });
  });

  it('when a literal the flow sends is different, then the user is asked to check it', async () => {
    const { send } = answersApp('strict');
    const reply = await send(exchange({ email: 'a@b.co', kind: 'stop' }));
    expect(reply.json).toEqual({ screen: 'START', data: { error_message: 'Please check kind.' } });
  });

  it('when the handler refines the schema, then its rule applies after the derived one', async () => {
    const { send } = answersApp('strict');
    const reply = await send(exchange({ email: 'not-an-email', kind: 'go' }));
    expect(reply.json).toEqual({
      screen: 'START',
      data: { error_message: 'That email looks wrong.' },
    });
  });
});

describe('flow.json checked at start-up', () => {
  it('when flow.json has a problem, then the app refuses to start with one line naming file and path', () => {
    const broken = structuredClone(flowJson) as { screens: { id: string }[] };
    (broken.screens[1] as { id: string }).id = 'START';
    const flow = defineFlow({ name: 'answers', flowJson: broken });
    expect(() => createTestApp({ flows: [flow] })).toThrow(FlowJsonError);
    try {
      createTestApp({ flows: [flow] });
    } catch (err) {
      expect((err as FlowJsonError).problems).toContain(
        'flows/answers/flow.json: screens[1].id: duplicate screen id "START"',
      );
    }
  });

  it('when handlers name a screen flow.json does not have, then the app refuses to start', () => {
    const flow = defineFlow({
      name: 'answers',
      flowJson,
      screens: { STRAT: { data_exchange: (ctx) => ctx.next('START', GOOD_START) } },
    });
    expect(() => createTestApp({ flows: [flow] })).toThrow(
      'flows/answers/flow.json: (handlers): handlers registered for screen "STRAT", which flow.json does not have',
    );
  });
});

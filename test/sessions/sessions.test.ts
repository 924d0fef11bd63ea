import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { sessionKey } from '../../src/sessions/create-session';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { tokenKey } from '../../src/tokens/token-key';
import { createTestApp, issueToken } from '../helpers/test-app';

/** Remembers an answer across screens; BACK (which carries no data) gets it from the session. */
const memo = defineFlow({
  name: 'memo',
  INIT: async (ctx) => ctx.next('ASK', { answer: (await ctx.session.get<string>('answer')) ?? '' }),
  BACK: async (ctx) => ctx.next('ASK', { answer: (await ctx.session.get<string>('answer')) ?? '' }),
  screens: {
    ASK: {
      data_exchange: async (ctx) => {
        await ctx.session.set('answer', ctx.data.answer);
        return ctx.next('CONFIRM', {});
      },
    },
    CONFIRM: {
      data_exchange: async (ctx) => ctx.complete({ answer: await ctx.session.get('answer') }),
    },
  },
});

const ask = (flowToken: string, answer: string) => ({
  version: '3.0',
  action: 'data_exchange',
  screen: 'ASK',
  data: { answer },
  flow_token: flowToken,
});
const back = (flowToken: string) => ({
  version: '3.0',
  action: 'BACK',
  screen: 'ASK',
  flow_token: flowToken,
});

describe('sessions', () => {
  it('when BACK arrives after a screen stored something, then the handler gets it back', async () => {
    const { send, token } = createTestApp({ flows: [memo] });
    await send(ask(token(), 'blue'));
    expect((await send(back(token()))).json).toEqual({ screen: 'ASK', data: { answer: 'blue' } });
  });

  it('when two users are in the flow, then each has their own session', async () => {
    const { send, token } = createTestApp({ flows: [memo] });
    await send(ask(token('ada'), 'blue'));
    await send(ask(token('bob'), 'green'));
    expect((await send(back(token('ada')))).json.data).toEqual({ answer: 'blue' });
    expect((await send(back(token('bob')))).json.data).toEqual({ answer: 'green' });
  });

  it('when the server restarts on the same database, then the session is still there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessions-'));
    const flowToken = issueToken('memo');
    try {
      const before = createSqliteStore(join(dir, 'flows.db'));
      await createTestApp({ flows: [memo], store: before }).send(ask(flowToken, 'blue'));
      await before.close();

      const after = createSqliteStore(join(dir, 'flows.db'));
      const reply = await createTestApp({ flows: [memo], store: after }).send(back(flowToken));
      await after.close();
      expect(reply.json.data).toEqual({ answer: 'blue' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the flow completes, then its session is cleared', async () => {
    const { send, token, store } = createTestApp({ flows: [memo] });
    await send(ask(token(), 'blue'));
    expect(await store.get(sessionKey(tokenKey(token())))).toBeDefined();
    const done = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'CONFIRM',
      data: {},
      flow_token: token(),
    });
    expect(done.json.screen).toBe('SUCCESS');
    expect(await store.get(sessionKey(tokenKey(token())))).toBeUndefined();
  });
});

describe('stored rows that do not parse', () => {
  it.each([
    ['not JSON', '{"answer": "zqx-secret'],
    ['not an object', '["zqx-secret"]'],
  ])(
    'when the stored session is %s, then the flow starts afresh and a warning names the record only',
    async (_what, row) => {
      const { send, token, store, logs } = createTestApp({ flows: [memo] });
      await store.set(sessionKey(tokenKey(token())), row);
      const reply = await send(back(token()));
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({ screen: 'ASK', data: { answer: '' } });
      const warning = logs.lines().find((line) => line.record === 'session');
      expect(warning).toMatchObject({
        level: 40,
        msg: expect.stringContaining('treated as absent'),
      });
      expect(JSON.stringify(warning)).not.toContain('zqx-secret');
    },
  );

  it('when the stored completion is unreadable, then the token is answered as not completed', async () => {
    const { send, token, store, logs } = createTestApp({ flows: [memo] });
    await store.set(`completed:${tokenKey(token())}`, JSON.stringify({ payload: 'nope' }));
    const reply = await send(ask(token(), 'blue'));
    expect(reply.status).toBe(200);
    expect(reply.json.screen).toBe('CONFIRM');
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ record: 'completion', fields: ['requestHash', 'params'] }),
    );
  });
});

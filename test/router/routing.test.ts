import { FlowTokenInvalidError } from '../../src/errors/flow-token-invalid-error';
import {
  defineFlow,
  type BaseContext,
  type ErrorNotification,
  type UntypedSpec,
} from '../../src/flow-definition/define-flow';
import { createTestApp, issueToken } from '../helpers/test-app';

const TOKEN = issueToken('routing', 'subscriber-7');

function routingFlow() {
  const seen: (BaseContext<UntypedSpec> & { action: string; screen?: string; data: unknown })[] =
    [];
  const notifications: ErrorNotification[] = [];
  const remember = (ctx: (typeof seen)[number]) => {
    seen.push(ctx);
  };
  const flow = defineFlow({
    name: 'routing',
    tokenInvalidMessage: 'Ask the shop for a new link.',
    INIT(ctx) {
      remember(ctx);
      return ctx.next('FIRST', { greeting: 'hello' });
    },
    BACK(ctx) {
      remember(ctx);
      return ctx.next('FALLBACK', {});
    },
    screens: {
      FIRST: {
        data_exchange(ctx) {
          remember(ctx);
          return ctx.data.name
            ? ctx.next('SECOND', { name: ctx.data.name })
            : ctx.showError('Name is required.', { greeting: 'hello' });
        },
        BACK(ctx) {
          remember(ctx);
          return ctx.next('FIRST', { refreshed: true });
        },
      },
      SECOND: {
        data_exchange(ctx) {
          remember(ctx);
          return ctx.complete({ order_id: 'A-1', flow_token: 'a handler cannot override this' });
        },
      },
      EXPIRED: {
        data_exchange: (ctx) => ctx.rejectToken(),
      },
      EXPIRED_CUSTOM: {
        data_exchange: (ctx) => ctx.rejectToken('This offer has ended.'),
      },
      THROWS_TOKEN: {
        data_exchange: () => {
          throw new FlowTokenInvalidError();
        },
      },
      ASYNC: {
        data_exchange: async (ctx) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return ctx.next('ASYNC', { done: true });
        },
      },
    },
    onErrorNotification(notification) {
      notifications.push(notification);
      if (notification.errorKey === 'hook-fails') throw new Error('hook failed');
    },
  });
  return { flow, seen, notifications };
}

describe('routing by action and screen', () => {
  const setup = () => {
    const routing = routingFlow();
    return { ...routing, ...createTestApp({ flows: [routing.flow] }) };
  };

  it('when INIT arrives, then the flow-level INIT handler answers with a typed context', async () => {
    const { send, seen } = setup();
    const reply = await send({ version: '3.0', action: 'INIT', flow_token: TOKEN });
    expect(reply.json).toEqual({ screen: 'FIRST', data: { greeting: 'hello' } });
    expect(seen[0]).toMatchObject({
      flow: 'routing',
      action: 'INIT',
      screen: undefined,
      data: {},
      flowToken: TOKEN,
      version: '3.0',
    });
    expect(typeof seen[0]?.log.info).toBe('function');
  });

  it('when INIT arrives with an empty screen and empty data, then it is treated as INIT without them', async () => {
    const { send, seen } = setup();
    const reply = await send({
      version: '3.0',
      action: 'INIT',
      screen: '',
      data: {},
      flow_token: TOKEN,
    });
    expect(reply.status).toBe(200);
    expect(seen[0]?.screen).toBeUndefined();
  });

  it('when data_exchange arrives from a screen, then that screen handler gets its data', async () => {
    const { send, seen } = setup();
    const reply = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'FIRST',
      data: { name: 'Ada' },
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({ screen: 'SECOND', data: { name: 'Ada' } });
    expect(seen[0]).toMatchObject({
      action: 'data_exchange',
      screen: 'FIRST',
      data: { name: 'Ada' },
    });
  });

  it('when a handler shows an error, then the user stays on the screen with error_message', async () => {
    const { send } = setup();
    const reply = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'FIRST',
      data: {},
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({
      screen: 'FIRST',
      data: { greeting: 'hello', error_message: 'Name is required.' },
    });
  });

  it('when a handler completes the flow, then SUCCESS carries the params and the real flow token', async () => {
    const { send } = setup();
    const reply = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'SECOND',
      data: {},
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({
      screen: 'SUCCESS',
      data: { extension_message_response: { params: { order_id: 'A-1', flow_token: TOKEN } } },
    });
  });

  it('when BACK arrives on a screen with its own BACK handler, then that handler answers', async () => {
    const { send } = setup();
    const reply = await send({
      version: '3.0',
      action: 'BACK',
      screen: 'FIRST',
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({ screen: 'FIRST', data: { refreshed: true } });
  });

  it('when BACK arrives on a screen without one, then the flow-level BACK handler answers', async () => {
    const { send } = setup();
    const reply = await send({
      version: '3.0',
      action: 'BACK',
      screen: 'SECOND',
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({ screen: 'FALLBACK', data: {} });
  });

  it('when a handler is async, then its answer is awaited', async () => {
    const { send } = setup();
    const reply = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'ASYNC',
      data: {},
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({ screen: 'ASYNC', data: { done: true } });
  });

  it.each([
    ['the flow message', 'EXPIRED', 'Ask the shop for a new link.'],
    ['its own message', 'EXPIRED_CUSTOM', 'This offer has ended.'],
    ['the flow message when thrown', 'THROWS_TOKEN', 'Ask the shop for a new link.'],
  ])(
    'when a handler rejects the token, then it is a 427 with %s',
    async (_case, screen, message) => {
      const { send } = setup();
      const reply = await send({
        version: '3.0',
        action: 'data_exchange',
        screen,
        data: {},
        flow_token: TOKEN,
      });
      expect(reply.status).toBe(427);
      expect(reply.json).toEqual({ error_msg: message });
    },
  );

  it('when a flow without INIT is opened with INIT, then it is a 500 logged with flow, action and screen', async () => {
    const bare = defineFlow({ name: 'bare', screens: {} });
    const { send, logs, token } = createTestApp({ flows: [bare] });
    const reply = await send({ version: '3.0', action: 'INIT', flow_token: token() });
    expect(reply.status).toBe(500);
    const line = logs.lines().find((entry) => entry.msg === 'request failed');
    expect(line).toMatchObject({
      flow: 'bare',
      action: 'INIT',
      reason: 'no INIT handler for screen (none) of flow bare',
    });
  });

  it('when BACK arrives and neither the screen nor the flow handles it, then it is a 500', async () => {
    const noBack = defineFlow({
      name: 'no-back',
      screens: { ONE: { data_exchange: (ctx) => ctx.next('ONE', {}) } },
    });
    const { send, token } = createTestApp({ flows: [noBack] });
    const reply = await send({
      version: '3.0',
      action: 'BACK',
      screen: 'ONE',
      flow_token: token(),
    });
    expect(reply.status).toBe(500);
  });
});

describe('error notifications from the device', () => {
  const setup = () => {
    const routing = routingFlow();
    return { ...routing, ...createTestApp({ flows: [routing.flow] }) };
  };

  it.each([
    ['data.error (the docs sample)', { error: 'payload-schema-error', error_message: 'bad field' }],
    [
      'data.error_key (the docs table)',
      { error_key: 'payload-schema-error', error_message: 'bad field' },
    ],
  ])(
    'when a notification carries %s, then it is acknowledged and no handler runs',
    async (_case, data) => {
      const { send, seen, notifications } = setup();
      const reply = await send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'FIRST',
        data,
        flow_token: TOKEN,
      });
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({ data: { acknowledged: true } });
      expect(seen).toHaveLength(0);
      expect(notifications).toEqual([
        {
          flowToken: TOKEN,
          action: 'data_exchange',
          screen: 'FIRST',
          errorKey: 'payload-schema-error',
          errorMessage: 'bad field',
        },
      ]);
    },
  );

  it('when a notification comes with INIT, then it is acknowledged too', async () => {
    const { send, seen } = setup();
    const reply = await send({
      version: '3.0',
      action: 'INIT',
      data: { error: 'invalid-screen-transition' },
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({ data: { acknowledged: true } });
    expect(seen).toHaveLength(0);
  });

  it('when a notification arrives, then the error key and screen are logged', async () => {
    const { send, logs } = setup();
    await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'FIRST',
      data: { error: 'payload-schema-error' },
      flow_token: TOKEN,
    });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        msg: 'device reported an invalid answer',
        errorKey: 'payload-schema-error',
        screen: 'FIRST',
      }),
    );
  });

  it('when the flow hook throws, then the notification is still acknowledged', async () => {
    const { send } = setup();
    const reply = await send({
      version: '3.0',
      action: 'data_exchange',
      screen: 'FIRST',
      data: { error: 'hook-fails' },
      flow_token: TOKEN,
    });
    expect(reply.json).toEqual({ data: { acknowledged: true } });
  });
});

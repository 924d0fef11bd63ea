import { defineFlow } from '../../src/flow-definition/define-flow';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { CONTACT, SLOT, bookThroughFlow } from '../helpers/appointment-journey';
import { signJwt } from '../helpers/sign-jwt';
import { APP_SECRET, createTestApp, issueToken, TOKEN_SECRET } from '../helpers/test-app';

const EXPIRED_MESSAGE = 'This booking link has expired. Please ask us for a new one.';
const init = (flowToken: string) => ({ version: '3.0', action: 'INIT', flow_token: flowToken });

describe('flow tokens at the endpoint', () => {
  it('when the token is a valid signed token for the flow, then the handler answers', async () => {
    const { send, token } = createTestApp();
    expect((await send(init(token()))).status).toBe(200);
  });

  it.each([
    ['unknown (not a token of ours)', 'whatever-the-user-typed'],
    ['tampered', `${issueToken('book-appointment').slice(0, -2)}xx`],
    [
      'expired',
      issueFlowToken({
        flow: 'book-appointment',
        secret: TOKEN_SECRET,
        ttlSeconds: 60,
        now: new Date(Date.now() - 120_000),
      }),
    ],
    ['issued for another flow', issueToken('sign-up')],
    [
      'signed with another secret',
      issueFlowToken({ flow: 'book-appointment', secret: 'x'.repeat(40) }),
    ],
  ])(
    'when the token is %s, then it is a 427 with the flow’s message, sealed',
    async (_case, flowToken) => {
      const { send } = createTestApp();
      const reply = await send(init(flowToken));
      expect(reply.status).toBe(427);
      expect(reply.contentType).toMatch(/^text\/plain/);
      expect(reply.json).toEqual({ error_msg: EXPIRED_MESSAGE });
    },
  );

  it('when a token is refused, then the log says why but never shows the token', async () => {
    const { send, logs } = createTestApp();
    const stale = issueFlowToken({
      flow: 'book-appointment',
      secret: TOKEN_SECRET,
      ttlSeconds: 1,
      now: new Date(0),
    });
    await send(init(stale));
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ msg: 'flow token refused', tokenRefused: 'expired' }),
    );
    expect(logs.text()).not.toContain(stale);
  });

  it.each([
    ['ping', { version: '3.0', action: 'ping' }],
    [
      'an error notification',
      { version: '3.0', action: 'INIT', flow_token: 'not-ours', data: { error: 'x' } },
    ],
  ])('when %s arrives, then the token is not checked', async (_case, payload) => {
    const { send } = createTestApp();
    expect((await send(payload)).status).toBe(200);
  });

  describe('single use', () => {
    it('when the flow completed, then any further request with its token is a 427', async () => {
      const { client, send, token } = createTestApp();
      const journey = await bookThroughFlow(client, token());
      expect(journey.at(-1)?.json.screen).toBe('SUCCESS');
      const again = await send(init(token()));
      expect(again.status).toBe(427);
      expect(again.json).toEqual({ error_msg: EXPIRED_MESSAGE });
    });

    it('when WhatsApp resends the very request that completed the flow, then the same SUCCESS comes back', async () => {
      const { client, send, token } = createTestApp();
      const journey = await bookThroughFlow(client, token());
      const resent = await send({
        version: '3.0',
        action: 'data_exchange',
        screen: 'SUMMARY',
        data: { ...CONTACT, ...SLOT },
        flow_token: token(),
      });
      expect(resent.status).toBe(200);
      expect(resent.json).toEqual(journey.at(-1)?.json);
    });

    it('when a flow turns single use off, then its token keeps working after completion', async () => {
      const reusable = defineFlow({
        name: 'reusable',
        tokens: { singleUse: false },
        INIT: (ctx) => ctx.complete({ done: true }),
      });
      const { send, token } = createTestApp({ flows: [reusable] });
      expect((await send(init(token()))).json.screen).toBe('SUCCESS');
      expect((await send(init(token()))).json.screen).toBe('SUCCESS');
    });
  });

  describe('Builder preview tokens', () => {
    it('when a flows-builder- token arrives outside production, then it is accepted', async () => {
      const { send } = createTestApp();
      expect((await send(init('flows-builder-7f3a9c'))).status).toBe(200);
    });

    it('when a flows-builder- token arrives in production, then it is a 427', async () => {
      const { send } = createTestApp({ production: true });
      expect((await send(init('flows-builder-7f3a9c'))).status).toBe(427);
    });
  });

  describe('a flow’s own token check', () => {
    const crm = (subjects: Record<string, string>) =>
      defineFlow({
        name: 'crm',
        tokenInvalidMessage: 'Ask the shop again.',
        tokens: {
          verify: (flowToken) => {
            const subject = subjects[flowToken];
            return subject ? { valid: true, subject } : { valid: false };
          },
        },
        INIT: (ctx) => ctx.complete({ subject: ctx.subject }),
      });

    it('when the flow accepts its own token, then the handler sees the subject it gave', async () => {
      const { send } = createTestApp({ flows: [crm({ 'order-42': 'customer-7' })] });
      const reply = await send(init('order-42'));
      expect(reply.json).toEqual({
        screen: 'SUCCESS',
        data: {
          extension_message_response: { params: { subject: 'customer-7', flow_token: 'order-42' } },
        },
      });
    });

    it('when the flow refuses it, then it is a 427 with the flow’s message', async () => {
      const { send } = createTestApp({ flows: [crm({})] });
      const reply = await send(init(issueToken('crm')));
      expect(reply.status).toBe(427);
      expect(reply.json).toEqual({ error_msg: 'Ask the shop again.' });
    });
  });

  describe('flow_token_signature (data_api_version 4.0)', () => {
    const exchange = (flowToken: string, signature: string) => ({
      version: '4.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      data: { trigger: 'department_selected', department: 'home' },
      flow_token: flowToken,
      flow_token_signature: signature,
    });

    it('when it is signed with the app secret over this token, then the request is served', async () => {
      const { send, token } = createTestApp();
      const reply = await send(exchange(token(), signJwt({ flow_token: token() }, APP_SECRET)));
      expect(reply.status).toBe(200);
    });

    it.each([
      ['another secret', (t: string) => signJwt({ flow_token: t }, 'not-the-app-secret')],
      ['another token', () => signJwt({ flow_token: 'someone-else' }, APP_SECRET)],
      ['not a JWT', () => 'garbage'],
    ])('when it is made with %s, then it is a 432', async (_case, makeSignature) => {
      const { send, token } = createTestApp();
      const reply = await send(exchange(token(), makeSignature(token())));
      expect(reply.status).toBe(432);
      expect(reply.json).toEqual({
        error: 'signature_invalid',
        message: expect.stringMatching(/^flow_token_signature /),
      });
    });
  });
});

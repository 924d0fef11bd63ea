import request from 'supertest';
import { createApp } from '../../src/app/create-app';
import { flowTokenSignature, signsFlowToken } from '../../src/device/flow-token-signature';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createMemoryStore } from '../../src/store/memory-store';
import { verifyTokenSignature } from '../../src/tokens/verify-token-signature';
import { captureLogs } from '../helpers/log-capture';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';
import { oneScreenFlow } from './one-screen-flow';

describe('flow_token_signature, as WhatsApp makes it', () => {
  it('when signed with the app secret, then the server verifies it for that token only', () => {
    const jwt = flowTokenSignature('token-1', APP_SECRET);
    expect(() => verifyTokenSignature(jwt, 'token-1', [APP_SECRET])).not.toThrow();
    expect(() => verifyTokenSignature(jwt, 'token-2', [APP_SECRET])).toThrow(/another flow token/);
    expect(() => verifyTokenSignature(jwt, 'token-1', ['other-secret'])).toThrow(/app secret/);
  });

  it('when a flow.json is 7.3 or later with data API 4.0, then its requests carry one', () => {
    expect(signsFlowToken({ version: '7.3', data_api_version: '4.0' })).toBe(true);
    expect(signsFlowToken({ version: '8.0', data_api_version: '4.0' })).toBe(true);
    expect(signsFlowToken({ version: '7.2', data_api_version: '4.0' })).toBe(false);
    expect(signsFlowToken({ version: '7.3', data_api_version: '3.0' })).toBe(false);
    expect(signsFlowToken(undefined)).toBe(false);
  });
});

const flowJson = oneScreenFlow('7.3', '4.0');

test('when the playground opens a 7.3 flow on data API 4.0, then INIT carries a flow_token_signature the endpoint accepts', async () => {
  const store = createMemoryStore();
  const app = createApp({
    flows: [
      defineFlow({
        name: 'signed',
        flowJson,
        INIT: (ctx) => ctx.next('START', { greeting: 'Hello' }),
        screens: { START: { data_exchange: (ctx) => ctx.complete({}) } },
      }),
    ],
    keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
    logger: captureLogs().logger,
    store,
    tokens: { secret: TOKEN_SECRET, production: false },
    playground: {},
  });
  const agent = request(app);
  const session = await agent
    .post('/playground/api/flows/signed/session')
    .set('x-playground', '1')
    .expect(200);
  const { flowToken } = session.body as { flowToken: string };
  const res = await agent
    .post('/playground/api/flows/signed/exchange')
    .set('x-playground', '1')
    .send({ flowToken, action: 'INIT' })
    .expect(200);
  const body = res.body as { status: number; request: Record<string, unknown>; verdict: unknown };
  expect(body.status).toBe(200);
  expect(() =>
    verifyTokenSignature(String(body.request.flow_token_signature), flowToken, [APP_SECRET]),
  ).not.toThrow();
  expect(body.verdict).toMatchObject({ ok: true, screen: 'START' });
});

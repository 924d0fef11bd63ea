import {
  defineFlow,
  type CompletionContext,
  type UntypedSpec,
} from '../../src/flow-definition/define-flow';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import {
  BAD_UTF8,
  postSigned,
  PROTO_KEYS,
  prototypeUntouched,
  servedWhileTesting,
} from '../helpers/hostile-json';
import type { Listening } from '../helpers/listen';
import { createTestApp, issueToken } from '../helpers/test-app';
import { cloudMessages, nfmReply, waitFor } from '../helpers/webhook-deliveries';

const deliverBytes = (server: Listening, body: string | Buffer) =>
  postSigned(server, '/webhooks/whatsapp', body);

describe('hostile webhook deliveries', () => {
  const seen: CompletionContext<UntypedSpec>[] = [];
  const survey = defineFlow({
    name: 'survey',
    onComplete(ctx) {
      seen.push(ctx);
    },
  });
  const { app, store } = createTestApp({ flows: [survey], webhooks: { retryDelaysMs: [0] } });
  const records = createWebhookRecords(store);
  const server = servedWhileTesting(app);
  afterEach(async () => {
    expect(prototypeUntouched()).toBe(true);
    // Still serving: a well-formed delivery right after is recorded.
    const fine = JSON.stringify(cloudMessages([nfmReply({ response: { a: '1' } })]));
    expect((await deliverBytes(server(), fine)).status).toBe(200);
  });

  it.each([
    ['100,000 unclosed [', 400, '['.repeat(100_000)],
    ['100,000 nested arrays', 400, '['.repeat(100_000) + ']'.repeat(100_000)],
    ['entry nested 100,000 levels', 400, `{"entry":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    [
      'a message nested 100,000 levels',
      400,
      `{"messages":[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]}`,
    ],
    ['200,000 entries', 413, `{"entry":[${'{},'.repeat(199_999)}{}]}`],
    [
      'invalid UTF-8 where the JSON structure is',
      400,
      Buffer.concat([Buffer.from('{"entry"'), BAD_UTF8, Buffer.from(':[]}')]),
    ],
  ])('when the body is %s, then %i and nothing is recorded', async (_case, status, body) => {
    const before = (await records.completions()).length;
    expect((await deliverBytes(server(), body)).status).toBe(status);
    expect(await records.completions()).toHaveLength(before);
  });

  it('when a body holds a huge array nothing reads (300,000 statuses), then 200 and it is only counted', async () => {
    const before = (await records.completions()).length;
    const body = `{"entry":[{"changes":[{"field":"messages","value":{"statuses":[${'{},'.repeat(299_999)}{}]}}]}]}`;
    expect((await deliverBytes(server(), body)).status).toBe(200);
    expect(await records.completions()).toHaveLength(before);
  });

  it('when the delivery and its nfm_reply carry __proto__ and constructor keys, then they are kept as plain data and pollute nothing', async () => {
    const token = issueToken('survey');
    const id = 'wamid.PROTO1';
    const responseJson = `{${PROTO_KEYS},"flow_token":${JSON.stringify(token)},"rating":"5"}`;
    const message = {
      id,
      from: '4915112345678',
      type: 'interactive',
      interactive: { type: 'nfm_reply', nfm_reply: { response_json: responseJson } },
    };
    const body = `{${PROTO_KEYS},"entry":[{${PROTO_KEYS},"changes":[{"field":"messages","value":{${PROTO_KEYS},"messages":[${JSON.stringify(message)}]}}]}]}`;
    expect((await deliverBytes(server(), body)).status).toBe(200);

    const record = (await records.completions()).find((completion) => completion.id === id);
    expect(record?.flow).toBe('survey');
    expect(Object.getPrototypeOf(record?.params)).toBe(Object.prototype);
    expect(record?.params.rating).toBe('5');
    await waitFor(() => seen.some((ctx) => ctx.messageId === id));
    const ctx = seen.find((completion) => completion.messageId === id);
    expect(Object.getPrototypeOf(ctx?.params)).toBe(Object.prototype);
    expect((ctx?.params as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

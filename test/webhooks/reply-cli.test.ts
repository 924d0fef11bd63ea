import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFeedbackFlow } from '../../flows/feedback';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { createWebhookRecords } from '../../src/webhooks/webhook-records';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { listen, type Listening } from '../helpers/listen';
import { APP_SECRET, createTestApp, TOKEN_SECRET } from '../helpers/test-app';
import { WEBHOOK_SECRET } from '../helpers/webhook-deliveries';

const RATINGS = {
  purchase_rating: '5',
  delivery_rating: '4',
  service_rating: '3',
  recommend: '0_yes',
  comment: 'quick',
};

/** What the going-live path has: a Flow sent through the fake, and this server receiving webhooks. */
describe("flows reply: the customer's answer to a sent Flow, as WhatsApp delivers it", () => {
  let cli: CliHarness;
  let server: Listening;
  let store: Store;
  let flowId: string;
  beforeEach(async () => {
    cli = await CliHarness.start('360dialog');
    cli.setEnv({ FLOW_TOKEN_SECRET: TOKEN_SECRET, APP_SECRET });
    flowId = cli.fake.addFlow('360dialog', { name: 'feedback', status: 'PUBLISHED' }).id;
    store = createSqliteStore(cli.storeUrl.slice('sqlite:'.length));
    const { app } = createTestApp({
      store,
      flows: (shared) => [createFeedbackFlow({ store: shared })],
      webhooks: { webhookSecrets: [WEBHOOK_SECRET] },
    });
    server = await listen(app);
  });
  afterEach(async () => {
    await server.close();
    await store.close();
    await cli.stop();
  });

  const webhook = () => `${server.base}/webhooks/whatsapp`;
  const send = async () => {
    const run = await cli.runWithLock([
      'send',
      'feedback',
      '--to',
      '+44 7700 900123',
      '--flow-id',
      flowId,
    ]);
    expect(run.code).toBe(0);
    return run.out;
  };
  const completions = () => createWebhookRecords(store).completions();

  it('when the latest Flow sent is replied to, then the signed nfm_reply names it by context.id and the completion arrives', async () => {
    await send();
    const messageId = await send();
    const run = await cli.run([
      'reply',
      'feedback',
      '--webhook',
      webhook(),
      '--params',
      JSON.stringify(RATINGS),
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const [completion] = await completions();
    expect(run.out).toContain(
      `${completion?.id} answering ${messageId}: the webhook took it (200)`,
    );
    expect(completion).toMatchObject({
      flow: 'feedback',
      matchedBy: 'context',
      from: '+447700900123',
      subject: '+447700900123',
      params: RATINGS,
    });
  });

  it('when --message-id and --params @file are given, then that message is answered with the params in the file', async () => {
    const first = await send();
    await send();
    const file = join(cli.dir, 'ratings.json');
    writeFileSync(file, JSON.stringify(RATINGS));
    const run = await cli.run([
      'reply',
      'feedback',
      '--webhook',
      webhook(),
      '--message-id',
      first,
      '--params',
      `@${file}`,
    ]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`answering ${first}`);
    expect((await completions())[0]).toMatchObject({ flow: 'feedback', params: RATINGS });
  });

  it('when only WEBHOOK_SECRET is set, then the reply is sent with X-Webhook-Secret, as 360dialog relays it', async () => {
    await send();
    cli.setEnv({ APP_SECRET: undefined, WEBHOOK_SECRET });
    const run = await cli.run(['reply', 'feedback', '--webhook', webhook()]);
    expect(run.code).toBe(0);
    expect(await completions()).toHaveLength(1);
  });

  it('when the webhook refuses it (a wrong secret), then it exits 1 with the answer', async () => {
    await send();
    cli.setEnv({ APP_SECRET: 'not-the-app-secret' });
    const run = await cli.run(['reply', 'feedback', '--webhook', webhook()]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/the webhook answered 401/);
    expect(await completions()).toEqual([]);
  });

  it.each([
    [
      'a message id never sent',
      ['--message-id', 'wamid.nope'],
      /^--message-id: no Flow message wamid\.nope was sent/,
    ],
    [
      'no Flow sent yet',
      [],
      /^no feedback message was sent with STORE_URL's store: send one first/,
    ],
    ['params that are not JSON', ['--params', '{oops'], /^--params: must be JSON/],
    ['a webhook that is no URL', ['--webhook', 'nowhere'], /^--webhook: /],
  ])('when given %s, then it exits 2 with one line', async (_case, flags, message) => {
    const argv = ['reply', 'feedback', '--webhook', webhook(), ...flags];
    const run = await cli.run(argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(run.err.split('\n')).toHaveLength(1);
  });

  it('when the fake API is asked to reply to a message sent through it, then the reply carries the flow token the message carried', async () => {
    const messageId = await send();
    const answer = await fetch(`${cli.fake.url}/fake/messages/${messageId}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhook: webhook(), params: RATINGS }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ webhook_status: 200 });
    expect((await completions())[0]).toMatchObject({
      flow: 'feedback',
      matchedBy: 'flow_token',
      params: RATINGS,
    });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliHarness } from '../helpers/fake-whatsapp-api/cli-harness';
import { businessPublicKey } from '../helpers/test-keys';

const PARTNER = ['D360_PARTNER_API_KEY', 'D360_PARTNER_ID', 'D360_WABA_ACCOUNT_ID'];
const TO = '+44 7700 900123';

// A 360dialog channel's key is all the Messaging API needs (keys, messages, templates, webhook);
// the Partner API's credentials are for Flows only.
describe('360dialog with only the channel key (D360_API_KEY, D360_API_URL)', () => {
  let cli: CliHarness;
  let flowId: string;
  beforeEach(async () => {
    cli = await CliHarness.start('360dialog');
    flowId = cli.fake.addFlow('360dialog', { name: 'book-appointment', status: 'PUBLISHED' }).id;
    cli.setEnv(Object.fromEntries(PARTNER.map((name) => [name, undefined])));
  });
  afterEach(() => cli.stop());

  const partnerCalls = () => cli.fake.requests.filter((request) => request.path.startsWith('/hub'));

  it('when the key is uploaded and its status read, then both work', async () => {
    const publicPath = join(cli.dir, 'public.pem');
    writeFileSync(publicPath, businessPublicKey.export({ type: 'spki', format: 'pem' }));
    expect((await cli.run(['keys', 'upload', '--public-key', publicPath])).code).toBe(0);
    const status = await cli.run(['keys', 'status']);
    expect(status.err).not.toContain('D360_PARTNER');
    expect(status.out).toContain('signature status: VALID');
    expect(partnerCalls()).toEqual([]);
  });

  it('when a flow is sent with --flow-id, then it goes out without looking the Flow up', async () => {
    const run = await cli.runWithLock([
      'send',
      'book-appointment',
      '--to',
      TO,
      '--flow-id',
      flowId,
    ]);
    expect(run.code).toBe(0);
    expect(run.out).toBe(cli.fake.messages[0]?.id);
    expect(cli.fake.messages[0]?.body).toMatchObject({
      interactive: { action: { parameters: { flow_id: flowId } } },
    });
    expect(partnerCalls()).toEqual([]);
  });

  it('when a flow is sent without --flow-id and no id is known, then it names the Partner API variables and --flow-id, exit 2', async () => {
    const run = await cli.runWithLock(['send', 'book-appointment', '--to', TO]);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `finding the Flow's id needs 360dialog's Partner API: set ${PARTNER.join(', ')} in the environment or .env, or give the id with --flow-id`,
    );
    expect(cli.fake.messages).toEqual([]);
  });

  it('when a template is sent, then it goes out', async () => {
    const argv = 'template send book_visit --language en_US --flow book-appointment --to';
    const run = await cli.runWithLock([...argv.split(' '), TO]);
    expect(run.code).toBe(0);
    expect(cli.fake.messages).toHaveLength(1);
  });

  it('when the webhook is registered, then it is set', async () => {
    cli.setEnv({ WEBHOOK_SECRET: 'a-webhook-secret-of-some-length-0123456789' });
    try {
      const run = await cli.run([
        'webhook',
        'register',
        '--url',
        'https://flows.example.com/webhooks/whatsapp',
      ]);
      expect(run.code).toBe(0);
      expect(cli.fake.webhook?.url).toBe('https://flows.example.com/webhooks/whatsapp');
    } finally {
      cli.setEnv({ WEBHOOK_SECRET: undefined });
    }
  });

  it('when a Flow is deployed, then the Partner API variables are named (and not D360_API_KEY), exit 2', async () => {
    const run = await cli.runWithLock(['deploy', 'book-appointment']);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `WHATSAPP_PROVIDER=360dialog needs ${PARTNER.join(', ')} for Flows (its Partner API): set them in the environment or .env`,
    );
  });
});

describe('360dialog with only the Partner API credentials', () => {
  let cli: CliHarness;
  beforeEach(async () => {
    cli = await CliHarness.start('360dialog');
    cli.setEnv({ D360_API_KEY: undefined });
  });
  afterEach(() => cli.stop());

  it('when a message is sent, then D360_API_KEY alone is named, exit 2, nothing sent', async () => {
    const run = await cli.runWithLock(['send', 'book-appointment', '--to', TO, '--flow-id', '1']);
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'WHATSAPP_PROVIDER=360dialog needs D360_API_KEY for messages, keys and templates (its Messaging API): set it in the environment or .env',
    );
  });

  it('when Flows are listed, then it works', async () => {
    const run = await cli.run(['remote', 'list']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });
});

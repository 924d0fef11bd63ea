import type { Command } from 'commander';
import { deployCommand } from '../../src/cli/flows-deploy';
import { sendCommand } from '../../src/cli/flows-send';
import { templateCommand } from '../../src/cli/flows-template';
import type { OpenDirectory } from '../../src/cli/tenant-api';
import { createStore } from '../../src/store/create-store';
import { scopeStore, tenantPrefix } from '../../src/store/scope-store';
import { findSentMessage } from '../../src/tokens/sent-message';
import { verifyFlowToken } from '../../src/tokens/verify-flow-token';
import { CliHarness, TEST_TOKEN_SECRET } from '../helpers/fake-whatsapp-api/cli-harness';
import {
  createMemoryTenantDirectory,
  type MemoryTenantDirectory,
} from '../helpers/memory-tenant-directory';

const ACME_KEY = 'acme-channel-key-0123456789';
const FLOW = 'book-appointment';
const TO = '+447700900123';

interface SentBody {
  interactive?: { action: { parameters: { flow_token: string } } };
  template?: { components: { parameters: { action: { flow_token: string } } }[] }[];
}

describe('flows send and template --tenant', () => {
  let harness: CliHarness;
  let directory: MemoryTenantDirectory;
  beforeEach(async () => {
    harness = await CliHarness.start('360dialog');
    harness.fake.channelKeys.add(ACME_KEY);
    harness.fake.channelAccounts.set(ACME_KEY, 'acmeWA');
    directory = createMemoryTenantDirectory();
    await directory.put('acme', {
      name: 'Acme Dental',
      provider: '360dialog',
      d360WabaAccountId: 'acmeWA',
      flows: [FLOW],
      sharedKey: true,
      secrets: { d360ApiKey: ACME_KEY },
    });
  });
  afterEach(() => harness.stop());

  async function run(command: Command, argv: string[]) {
    const { code, output } = await harness.run([...argv, '--lock-file', harness.lockFile], command);
    return { code, out: output, last: output.split('\n').at(-1) ?? '' };
  }
  const open: OpenDirectory = (use) => use(directory);
  const deploy = () => run(deployCommand(open), [FLOW, '--tenant', 'acme', '--publish']);
  const send = (...argv: string[]) => run(sendCommand(open), [FLOW, ...argv]);
  const template = (...argv: string[]) => run(templateCommand(open), argv);

  /** Where the message was recorded: the tenant's scope, and never the default tenant's keys. */
  async function recorded(messageId: string) {
    const store = createStore(harness.storeUrl);
    try {
      return {
        acme: await findSentMessage(scopeStore(store, tenantPrefix('acme')), messageId),
        default: await findSentMessage(store, messageId),
      };
    } finally {
      await store.close();
    }
  }
  const sentWith = () =>
    harness.fake.requests
      .filter((request) => request.path === '/waba/messages')
      .map((request) => request.headers['d360-api-key']);

  it('when a Flow is sent for a tenant, then it goes through its channel key, with a token for its URL, recorded among its records', async () => {
    expect((await deploy()).code).toBe(0);
    const sent = await send('--tenant', 'acme', '--to', TO);
    expect(sent.code).toBe(0);
    expect(sentWith()).toEqual([ACME_KEY]);

    const body = harness.fake.messages.at(-1)?.body as unknown as SentBody;
    const token = body.interactive?.action.parameters.flow_token ?? '';
    const verdict = verifyFlowToken(token, FLOW, TEST_TOKEN_SECRET, new Date());
    expect(verdict).toMatchObject({ valid: true, tenant: 'acme' });

    const where = await recorded(sent.last);
    expect(where.acme).toMatchObject({ flow: FLOW, subject: TO.slice(1) });
    expect(where.default).toBeUndefined();
  });

  it("when a template is created and sent for a tenant, then both go through its credentials and the token is the tenant's", async () => {
    expect((await deploy()).code).toBe(0);
    const created = await template(
      'create',
      FLOW,
      '--tenant',
      'acme',
      '--name',
      'book_visit',
      '--language',
      'en_US',
      '--category',
      'UTILITY',
      '--body',
      'Book your next visit',
      '--button',
      'Book now',
    );
    expect(created.code).toBe(0);
    const sent = await template(
      'send',
      'book_visit',
      '--tenant',
      'acme',
      '--language',
      'en_US',
      '--to',
      TO,
    );
    expect(sent.code).toBe(0);
    expect(sentWith()).toEqual([ACME_KEY]);
    const body = harness.fake.messages.at(-1)?.body as unknown as SentBody;
    const token = JSON.stringify(body.template).match(/"flow_token":"([^"]+)"/)?.[1] ?? '';
    expect(verifyFlowToken(token, FLOW, TEST_TOKEN_SECRET, new Date())).toMatchObject({
      valid: true,
      tenant: 'acme',
    });
    expect((await recorded(sent.last)).acme).toMatchObject({ flow: FLOW });
  });

  it('when the tenant is unknown or its id malformed, then one line, exit 2, and nothing is sent', async () => {
    const unknown = await send('--tenant', 'nobody', '--to', TO, '--flow-id', '123');
    expect(unknown).toMatchObject({ code: 2, out: '--tenant: no tenant nobody' });
    const malformed = await send('--tenant', 'Not An Id', '--to', TO, '--flow-id', '123');
    expect(malformed.code).toBe(2);
    expect(malformed.out).toMatch(/^--tenant: a tenant id/);
    expect(harness.fake.messages).toEqual([]);
  });

  it('when the tenant does not use the flow, then one line naming its flows, exit 2, and nothing is sent', async () => {
    await directory.put('acme', {
      name: 'Acme Dental',
      provider: '360dialog',
      d360WabaAccountId: 'acmeWA',
      flows: ['feedback'],
      sharedKey: true,
      secrets: { d360ApiKey: ACME_KEY },
    });
    const run = await send('--tenant', 'acme', '--to', TO, '--flow-id', '123');
    expect(run.code).toBe(2);
    expect(run.out).toMatch(
      new RegExp(`^--tenant: acme does not use ${FLOW} \\(its flows: feedback\\)`),
    );
    expect(harness.fake.messages).toEqual([]);
  });
});

import { createStore } from '../../src/store/create-store';
import { findSentMessage } from '../../src/tokens/sent-message';
import { tokenKey } from '../../src/tokens/token-key';
import { verifyFlowToken } from '../../src/tokens/verify-flow-token';
import { CliHarness, TEST_TOKEN_SECRET } from '../helpers/fake-whatsapp-api/cli-harness';
import { type Provider } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';

const TO = '+44 7700 900123';
const WA_ID = '447700900123';

const APPOINTMENT_DATA = {
  department: [{ id: 'shopping', title: 'Shopping & Groceries' }],
  location: [{ id: '1', title: "King's Cross, London" }],
  is_location_enabled: true,
  date: [{ id: '2026-12-01', title: 'Tue Dec 01 2026' }],
  is_date_enabled: true,
  time: [{ id: '10:30', title: '10:30' }],
  is_time_enabled: true,
};

interface SentBody {
  to: string;
  interactive?: {
    header?: { type: string; text: string };
    body: { text: string };
    action: { name: string; parameters: Record<string, unknown> };
  };
  template?: {
    name: string;
    language: { code: string };
    components: { parameters: { action: { flow_token: string; flow_action_data?: unknown } }[] }[];
  };
}

describe.each<Provider>(['360dialog', 'cloud'])(
  'flows send and template through %s',
  (provider) => {
    let cli: CliHarness;
    let flowId: string;
    beforeEach(async () => {
      cli = await CliHarness.start(provider);
      expect((await cli.runWithLock(['deploy', 'book-appointment', '--publish'])).code).toBe(0);
      flowId = [...cli.fake.flowsOf(provider).values()][0]?.id ?? '';
    });
    afterEach(() => cli.stop());

    const send = (...args: string[]) => cli.runWithLock(['send', 'book-appointment', ...args]);
    const createTemplate = () =>
      cli.runWithLock([
        'template',
        'create',
        'book-appointment',
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
      ]);
    const sendTemplate = (...args: string[]) =>
      cli.runWithLock([
        'template',
        'send',
        'book_visit',
        '--language',
        'en_US',
        '--to',
        TO,
        ...args,
      ]);
    const lastBody = () => cli.fake.messages.at(-1)?.body as unknown as SentBody;
    const recorded = async (messageId: string) => {
      const store = createStore(cli.storeUrl);
      try {
        return await findSentMessage(store, messageId);
      } finally {
        await store.close();
      }
    };

    it("when no message text is given, then the flow's own message is sent (header, body, footer, button)", async () => {
      expect((await send('--to', TO)).code).toBe(0);
      expect(lastBody().interactive).toMatchObject({
        header: { type: 'text', text: 'Book an appointment' },
        body: { text: 'Pick a department, a place and a time that suit you.' },
        footer: { text: 'You can change it later.' },
        action: { parameters: { flow_cta: 'Book now' } },
      });
    });

    it('when sending a flow with an INIT handler, then it opens with data_exchange, a token this server accepts, and the message id is printed and recorded', async () => {
      const run = await send(
        '--to',
        TO,
        '--cta',
        'Book now',
        '--body',
        'Pick a time',
        '--header',
        'Appointments',
      );

      expect(run.code).toBe(0);
      const [message] = cli.fake.messages;
      expect(run.out).toBe(message?.id);
      const body = lastBody();
      expect(body).toMatchObject({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WA_ID,
        type: 'interactive',
        interactive: {
          type: 'flow',
          header: { type: 'text', text: 'Appointments' },
          body: { text: 'Pick a time' },
          action: {
            name: 'flow',
            parameters: {
              flow_message_version: '3',
              flow_id: flowId,
              flow_cta: 'Book now',
              flow_action: 'data_exchange',
            },
          },
        },
      });
      const parameters = body.interactive?.action.parameters ?? {};
      expect(parameters).not.toHaveProperty('flow_action_payload');
      expect(parameters).not.toHaveProperty('mode');
      const token = String(parameters.flow_token);
      expect(verifyFlowToken(token, 'book-appointment', TEST_TOKEN_SECRET)).toMatchObject({
        valid: true,
        subject: WA_ID,
      });
      expect(await recorded(message?.id ?? '')).toMatchObject({
        flow: 'book-appointment',
        tokenKey: tokenKey(token),
        subject: WA_ID,
      });
      expect(run.out + run.err).not.toContain(token);
    });

    it('when --screen and --data are given, then it navigates there with that data', async () => {
      const run = await send(
        '--to',
        TO,
        '--screen',
        'APPOINTMENT',
        '--data',
        JSON.stringify(APPOINTMENT_DATA),
      );
      expect(run.code).toBe(0);
      expect(lastBody().interactive?.action.parameters).toMatchObject({
        flow_action: 'navigate',
        flow_action_payload: { screen: 'APPOINTMENT', data: APPOINTMENT_DATA },
      });
    });

    it('when --draft is given, then the draft is sent (mode: draft)', async () => {
      const run = await send('--to', TO, '--draft');
      expect(run.code).toBe(0);
      expect(lastBody().interactive?.action.parameters.mode).toBe('draft');
    });

    it('when the Flow is a draft and --draft is not given, then the provider refuses, one line, exit 1, nothing recorded', async () => {
      for (const flow of cli.fake.flowsOf(provider).values()) flow.status = 'DRAFT';
      const run = await send('--to', TO);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(
        /send the message failed \(HTTP 400, code 131009\): Flow is not published/,
      );
      expect(cli.fake.messages).toHaveLength(0);
    });

    it.each([
      [{ ...APPOINTMENT_DATA, colour: 'blue' }, 'screen "APPOINTMENT" does not declare "colour"'],
      [
        { ...APPOINTMENT_DATA, is_date_enabled: 'yes' },
        'is_date_enabled should be boolean, not "yes"',
      ],
      [{ department: [] }, '"location" is declared by screen "APPOINTMENT" but missing'],
    ])(
      'when --data does not match the screen declaration (%j), then it is refused before any call, exit 2',
      async (data, problem) => {
        const before = cli.fake.requests.length;
        const run = await send(
          '--to',
          TO,
          '--screen',
          'APPOINTMENT',
          '--data',
          JSON.stringify(data),
        );
        expect(run.code).toBe(2);
        expect(run.err).toContain(problem);
        expect(cli.fake.requests).toHaveLength(before);
      },
    );

    it.each([
      [['--screen', 'DETAILS'], 'screen "DETAILS" is not an entry screen'],
      [['--screen', 'NOPE'], 'flow.json has no screen "NOPE"'],
      [['--data', '[1]'], '--data: must be a JSON object'],
      [['--data', '{oops'], '--data: must be JSON'],
      [['--cta', 'x'.repeat(31)], '--cta: must be at most 30 characters'],
    ])('when %j, then it is refused before any call, exit 2', async (flags, problem) => {
      const before = cli.fake.requests.length;
      const run = await send('--to', TO, ...flags);
      expect(run.code).toBe(2);
      expect(run.err).toContain(problem);
      expect(cli.fake.requests).toHaveLength(before);
    });

    it.each(['12345', 'not-a-number', '+0044770090012'])(
      'when the phone number is %s, then it is refused before any call, exit 2',
      async (to) => {
        const before = cli.fake.requests.length;
        const run = await send('--to', to);
        expect(run.code).toBe(2);
        expect(run.err).toBe(
          '--to: must be a phone number in international format, e.g. +447700900123',
        );
        expect(cli.fake.requests).toHaveLength(before);
      },
    );

    it('when creating a template, then it has the body and a FLOW button for the deployed Flow', async () => {
      const run = await createTemplate();
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/^template book_visit: \d+ \(PENDING\)$/);
      expect(cli.fake.templates).toEqual([
        {
          name: 'book_visit',
          language: 'en_US',
          category: 'UTILITY',
          components: [
            { type: 'BODY', text: 'Book your next visit' },
            {
              type: 'BUTTONS',
              buttons: [
                { type: 'FLOW', text: 'Book now', flow_id: flowId, flow_action: 'data_exchange' },
              ],
            },
          ],
        },
      ]);
    });

    it('when sending a template created here, then its button carries a fresh token and the message is recorded', async () => {
      await createTemplate();
      const run = await sendTemplate();

      expect(run.code).toBe(0);
      const body = lastBody();
      expect(body).toMatchObject({
        to: WA_ID,
        type: 'template',
        template: {
          name: 'book_visit',
          language: { code: 'en_US' },
          components: [{ type: 'button', sub_type: 'flow', index: '0' }],
        },
      });
      const token = body.template?.components[0]?.parameters[0]?.action.flow_token ?? '';
      expect(verifyFlowToken(token, 'book-appointment', TEST_TOKEN_SECRET).valid).toBe(true);
      expect(run.out).toBe(cli.fake.messages.at(-1)?.id);
      expect((await recorded(run.out))?.tokenKey).toBe(tokenKey(token));
    });

    describe('in production, with only the variables sending needs', () => {
      // The provider's variables, FLOW_TOKEN_SECRET and STORE_URL: no app secret, no private key.
      beforeEach(() => cli.setEnv({ NODE_ENV: 'production' }));

      it('when send runs, then it sends without asking for APP_SECRET or the private key', async () => {
        const run = await send('--to', TO);
        expect(run.code).toBe(0);
        expect(run.out).toBe(cli.fake.messages.at(-1)?.id);
        expect(run.err).not.toMatch(/APP_SECRET|PRIVATE_KEY|development secret/);
      });

      it('when template send runs, then it sends without asking for APP_SECRET or the private key', async () => {
        expect((await createTemplate()).code).toBe(0);
        const run = await sendTemplate();
        expect(run.code).toBe(0);
        expect(run.out).toBe(cli.fake.messages.at(-1)?.id);
        expect(run.err).not.toMatch(/APP_SECRET|PRIVATE_KEY|development secret/);
      });

      it('when FLOW_TOKEN_SECRET is missing too, then send and template send name it alone, exit 2, and nothing is sent', async () => {
        expect((await createTemplate()).code).toBe(0);
        cli.setEnv({ FLOW_TOKEN_SECRET: undefined });
        for (const run of [await send('--to', TO), await sendTemplate()]) {
          expect(run.code).toBe(2);
          expect(run.err).toMatch(/^FLOW_TOKEN_SECRET is required in production/);
          expect(run.err).not.toMatch(/APP_SECRET|PRIVATE_KEY|\n/);
        }
        expect(cli.fake.messages).toEqual([]);
      });
    });

    it('when sending a template with --flow and --data, then the data rides as flow_action_data', async () => {
      const run = await sendTemplate(
        '--flow',
        'book-appointment',
        '--data',
        JSON.stringify(APPOINTMENT_DATA),
      );
      expect(run.code).toBe(0);
      expect(lastBody().template?.components[0]?.parameters[0]?.action.flow_action_data).toEqual(
        APPOINTMENT_DATA,
      );
    });

    it('when sending a template whose flow is unknown, then --flow is asked for, exit 2', async () => {
      const run = await cli.runWithLock([
        'template',
        'send',
        'other',
        '--language',
        'en_US',
        '--to',
        TO,
      ]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/^--flow: which flow does template "other" open\?/);
    });

    it("when the template category is not one of Meta's, then it is refused, exit 2", async () => {
      const run = await cli.runWithLock([
        'template',
        'create',
        'book-appointment',
        '--name',
        'book_visit',
        '--language',
        'en_US',
        '--category',
        'PROMO',
        '--body',
        'x',
        '--button',
        'y',
      ]);
      expect(run.code).toBe(2);
      expect(run.err).toBe('--category: must be AUTHENTICATION, MARKETING or UTILITY');
    });
  },
);

import { createMemoryStore } from '../../src/store/memory-store';
import { findSentMessage } from '../../src/tokens/sent-message';
import { tokenKey } from '../../src/tokens/token-key';
import { verifyFlowToken } from '../../src/tokens/verify-flow-token';
import { createWhatsAppApi } from '../../src/whatsapp-api/create-whatsapp-api';
import { sendFlow } from '../../src/whatsapp-api/send-flow';
import { textMessage } from '../../src/whatsapp-api/text-message';
import { loadWhatsAppApiConfig } from '../../src/whatsapp-api/whatsapp-api-config';
import { FakeWhatsAppApi, type Provider } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';

const SECRET = 'a-secret-for-sending-from-code-0123456789';

describe.each<Provider>(['360dialog', 'cloud'])('sendFlow from code through %s', (provider) => {
  let fake: FakeWhatsAppApi;
  beforeEach(async () => {
    fake = await FakeWhatsAppApi.start();
  });
  afterEach(() => fake.close());

  const api = () => createWhatsAppApi(loadWhatsAppApiConfig(fake.env(provider)));

  it('when a handler sends a Flow, then the token is for that flow and subject and the message is recorded', async () => {
    const flow = fake.addFlow(provider, { name: 'book-appointment', status: 'PUBLISHED' });
    const store = createMemoryStore();
    const sent = await sendFlow({
      api: api(),
      store,
      tokenSecret: SECRET,
      flow: 'book-appointment',
      flowId: flow.id,
      to: '+447700900123',
      cta: 'Book',
      body: 'Book again?',
      footer: 'Reply STOP to opt out',
      opening: { action: 'navigate', screen: 'APPOINTMENT' },
    });

    expect(sent.messageId).toBe(fake.messages[0]?.id);
    expect(verifyFlowToken(sent.flowToken, 'book-appointment', SECRET)).toMatchObject({
      valid: true,
      subject: '447700900123',
    });
    expect(await findSentMessage(store, sent.messageId)).toMatchObject({
      flow: 'book-appointment',
      tokenKey: tokenKey(sent.flowToken),
      subject: '447700900123',
    });
    const storedValues = JSON.stringify(await store.get(`sent:${sent.messageId}`));
    expect(storedValues).not.toContain(sent.flowToken);
    expect(fake.messages[0]?.body).toMatchObject({
      interactive: {
        footer: { text: 'Reply STOP to opt out' },
        action: {
          parameters: { flow_action: 'navigate', flow_action_payload: { screen: 'APPOINTMENT' } },
        },
      },
    });
  });

  it('when the number is not a phone number, then nothing is sent', async () => {
    await expect(
      sendFlow({
        api: api(),
        store: createMemoryStore(),
        tokenSecret: SECRET,
        flow: 'book-appointment',
        flowId: '1',
        to: 'nobody',
        cta: 'Book',
        body: 'x',
        opening: { action: 'data_exchange' },
      }),
    ).rejects.toThrow('to: must be a phone number in international format');
    expect(fake.messages).toHaveLength(0);
  });

  it('when a handler sends a confirmation text, then it goes as a text message', async () => {
    fake.route('POST', /messages$/, (request) => ({
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [],
        messages: [{ id: 'wamid.text' }],
        echo: request.body,
      },
    }));
    const result = await api().sendMessage(
      textMessage('447700900123', 'Your booking is confirmed.'),
    );
    expect(result.messageId).toBe('wamid.text');
    const [request] = fake.requestsTo('POST', /messages$/);
    expect(request?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447700900123',
      type: 'text',
      text: { body: 'Your booking is confirmed.', preview_url: false },
    });
  });
});

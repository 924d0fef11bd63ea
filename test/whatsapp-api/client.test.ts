import { createWhatsAppApi } from '../../src/whatsapp-api/create-whatsapp-api';
import { loadWhatsAppApiConfig } from '../../src/whatsapp-api/whatsapp-api-config';
import { WhatsAppApiError } from '../../src/whatsapp-api/whatsapp-api-error';
import { FAKE, FakeWhatsAppApi } from '../helpers/fake-whatsapp-api/fake-whatsapp-api';

let fake: FakeWhatsAppApi;
beforeEach(async () => {
  fake = await FakeWhatsAppApi.start();
});
afterEach(() => fake.close());

describe('the Cloud API client', () => {
  const api = () => createWhatsAppApi(loadWhatsAppApiConfig(fake.env('cloud')));

  it('when the list has several pages, then every page is read, following cursors.after', async () => {
    fake.route('GET', /\/flows$/, (request) =>
      request.query.get('after') === 'page2'
        ? {
            status: 200,
            body: { data: [{ id: '2', name: 'b' }], paging: { cursors: { after: 'end' } } },
          }
        : {
            status: 200,
            body: {
              data: [{ id: '1', name: 'a' }],
              paging: { cursors: { after: 'page2' }, next: `${fake.url}/next` },
            },
          },
    );
    expect((await api().listFlows()).map((flow) => flow.name)).toEqual(['a', 'b']);
  });

  it('when Meta marks a 400 transient, then it is retried, and the error carries code, subcode and the retry hint', async () => {
    fake.route('POST', /\/publish$/, () => ({
      status: 400,
      body: {
        error: { message: 'Try again', code: 139002, error_subcode: 4233020, is_transient: true },
      },
    }));
    const once = createWhatsAppApi(
      loadWhatsAppApiConfig({ ...fake.env('cloud'), WHATSAPP_API_RETRIES: '1' }),
    );
    const error = await once.publish('123').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect(error).toMatchObject({ status: 400, code: 139002, subcode: 4233020, retryable: true });
    expect(fake.requestsTo('POST', /\/publish$/)).toHaveLength(2);
  });
});

describe('the 360dialog client', () => {
  const api = () => createWhatsAppApi(loadWhatsAppApiConfig(fake.env('360dialog')));

  it('when the list is a bare array (as kairon mocks it), then it is read too', async () => {
    fake.route('GET', /\/flows$/, () => ({ status: 200, body: [{ id: 7, name: 'numeric-id' }] }));
    expect(await api().listFlows()).toEqual([{ id: '7', name: 'numeric-id' }]);
  });

  it('when updating metadata, then it refuses without calling: no endpoint is documented', async () => {
    const error = await api()
      .updateFlowMetadata('1', { name: 'x' })
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ failure: 'unsupported', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the fake', () => {
  it("answers 360dialog's webhook registration and Meta's subscribed_apps, for the webhook commands", async () => {
    const registered = await fetch(`${fake.url}/waba/v1/configs/webhook`, {
      method: 'POST',
      headers: { 'd360-api-key': FAKE.d360ApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: 'https://flows.example.com/webhooks',
        headers: { authorization: 'Basic x' },
      }),
    });
    expect(registered.status).toBe(200);
    expect(fake.webhook).toEqual({
      url: 'https://flows.example.com/webhooks',
      headers: { authorization: 'Basic x' },
    });

    const subscribed = await fetch(
      `${fake.url}/graph/${FAKE.graphVersion}/${FAKE.wabaId}/subscribed_apps`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${FAKE.accessToken}` },
      },
    );
    expect(await subscribed.json()).toEqual({ success: true });
    expect(fake.subscribedApps).toBe(1);
  });
});

describe('keys stay where they belong', () => {
  it('when a base URL is plain http to another host, then the configuration is refused', () => {
    expect(() =>
      loadWhatsAppApiConfig({ ...fake.env('cloud'), GRAPH_API_URL: 'http://graph.example.com' }),
    ).toThrow(/GRAPH_API_URL must be an https URL/);
  });

  it('when the provider answers with a redirect, then it is not followed (the key would go along)', async () => {
    fake.route('GET', /\/flows$/, () => ({
      status: 302,
      headers: { location: `${fake.url}/elsewhere` },
    }));
    const api = createWhatsAppApi(
      loadWhatsAppApiConfig({ ...fake.env('360dialog'), WHATSAPP_API_RETRIES: '0' }),
    );
    const error = await api.listFlows().catch((err: unknown) => err);
    expect(error).toMatchObject({ failure: 'network' });
    expect(fake.requests.map((request) => request.path)).not.toContain('/elsewhere');
  });
});

describe('call policy variables', () => {
  it.each([
    [
      'WHATSAPP_API_TIMEOUT_MS',
      '0',
      'WHATSAPP_API_TIMEOUT_MS must be from 100 to 300000 milliseconds',
    ],
    [
      'WHATSAPP_API_TIMEOUT_MS',
      'soon',
      'WHATSAPP_API_TIMEOUT_MS must be a whole number of milliseconds',
    ],
    ['WHATSAPP_API_RETRIES', '99', 'WHATSAPP_API_RETRIES must be from 0 to 10 retries'],
  ])('when %s=%s, then the configuration says what it must be', (name, value, message) => {
    expect(() => loadWhatsAppApiConfig({ ...fake.env('cloud'), [name]: value })).toThrow(
      expect.objectContaining({ problems: [message] }),
    );
  });
});

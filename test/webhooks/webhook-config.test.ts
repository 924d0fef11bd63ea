import { ConfigError } from '../../src/config/config-error';
import { DEFAULT_MAX_BODY_BYTES, loadWebhookConfig } from '../../src/webhooks/webhook-config';

describe('webhook configuration', () => {
  it('when nothing is set, then no secret, no verify token and a 3 MiB limit', () => {
    expect(loadWebhookConfig({})).toEqual({
      verifyToken: undefined,
      secrets: [],
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      defaultAccount: { wabaIds: [], phoneNumberIds: [] },
    });
    expect(DEFAULT_MAX_BODY_BYTES).toBe(3 * 1024 * 1024);
  });

  it('when set, then secrets split on commas (newest first) and sizes take units', () => {
    const config = loadWebhookConfig({
      WEBHOOK_VERIFY_TOKEN: 'verify-me-please',
      WEBHOOK_SECRET: 'new-secret-0123456789, old-secret-0123456789',
      WEBHOOK_MAX_BODY: '512kb',
    });
    expect(config).toEqual({
      verifyToken: 'verify-me-please',
      secrets: ['new-secret-0123456789', 'old-secret-0123456789'],
      maxBodyBytes: 512 * 1024,
      defaultAccount: { wabaIds: [], phoneNumberIds: [] },
    });
    expect(loadWebhookConfig({ WEBHOOK_MAX_BODY: '4MB' }).maxBodyBytes).toBe(4 * 1024 * 1024);
    expect(loadWebhookConfig({ WEBHOOK_MAX_BODY: '2048' }).maxBodyBytes).toBe(2048);
  });

  it("when WABA_ID and PHONE_NUMBER_ID are set, then they name the default tenant's account", () => {
    expect(loadWebhookConfig({ WABA_ID: '111', PHONE_NUMBER_ID: '222' }).defaultAccount).toEqual({
      wabaIds: ['111'],
      phoneNumberIds: ['222'],
    });
  });

  it.each([
    ['WEBHOOK_SECRET', 'short', /WEBHOOK_SECRET must be at least 16 characters/],
    ['WEBHOOK_VERIFY_TOKEN', 'abc', /WEBHOOK_VERIFY_TOKEN must be at least 8 characters/],
    ['WEBHOOK_MAX_BODY', 'lots', /WEBHOOK_MAX_BODY must be a size such as 3mb/],
    ['WEBHOOK_MAX_BODY', '10', /WEBHOOK_MAX_BODY must be at least 1kb/],
  ])('when %s is %s, then a ConfigError says what to fix', (name, value, message) => {
    let error: unknown;
    try {
      loadWebhookConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(message);
  });
});

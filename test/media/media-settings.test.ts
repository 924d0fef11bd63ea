import { ConfigError } from '../../src/config/config-error';
import { isAllowedHost } from '../../src/media/host-allow-list';
import { DEFAULT_MEDIA_SETTINGS, loadMediaSettings } from '../../src/media/media-settings';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadMediaSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('media settings', () => {
  it('when nothing is set, then WhatsApp CDN hosts, 25 MiB, https only and data/media are the defaults', () => {
    expect(loadMediaSettings({})).toEqual(DEFAULT_MEDIA_SETTINGS);
    expect(DEFAULT_MEDIA_SETTINGS).toMatchObject({
      hosts: ['mmg.whatsapp.net', '*.whatsapp.net'],
      allowLoopback: false,
      maxFileBytes: 25 * 1024 * 1024,
      dir: 'data/media',
    });
  });

  it('when every variable is set, then each is used', () => {
    expect(
      loadMediaSettings({
        MEDIA_HOSTS: ' cdn.example.com , *.media.example.com ',
        MEDIA_ALLOW_LOOPBACK: 'true',
        MEDIA_MAX_FILE_MIB: '5',
        MEDIA_CONNECT_TIMEOUT_MS: '1000',
        MEDIA_TIMEOUT_MS: '20000',
        MEDIA_CONCURRENCY: '8',
        MEDIA_DIR: '/var/lib/flows/media',
      }),
    ).toEqual({
      hosts: ['cdn.example.com', '*.media.example.com'],
      allowLoopback: true,
      maxFileBytes: 5 * 1024 * 1024,
      connectTimeoutMs: 1000,
      timeoutMs: 20000,
      concurrency: 8,
      dir: '/var/lib/flows/media',
    });
  });

  it('when values are wrong, then every problem names its variable', () => {
    const found = problems({
      MEDIA_HOSTS: 'https://cdn.example.com/',
      MEDIA_MAX_FILE_MIB: '0',
      MEDIA_TIMEOUT_MS: 'soon',
      MEDIA_ALLOW_LOOPBACK: 'yes',
    });
    expect(found.map((line) => line.split(' ')[0]).sort()).toEqual([
      'MEDIA_ALLOW_LOOPBACK',
      'MEDIA_HOSTS',
      'MEDIA_MAX_FILE_MIB',
      'MEDIA_TIMEOUT_MS',
    ]);
  });

  it('when loopback is allowed in production, then start-up is refused', () => {
    expect(problems({ NODE_ENV: 'production', MEDIA_ALLOW_LOOPBACK: 'true' })).toEqual([
      expect.stringMatching(/^MEDIA_ALLOW_LOOPBACK must not be true in production/),
    ]);
  });
});

describe('host allow-list', () => {
  const list = ['mmg.whatsapp.net', '*.whatsapp.net'];
  it.each([
    ['mmg.whatsapp.net', true],
    ['MMG.WhatsApp.net', true],
    ['media-fra5-1.cdn.whatsapp.net', true],
    ['whatsapp.net.evil.example', false],
    ['evilwhatsapp.net', false],
    ['whatsapp.net', false],
  ])('when the host is %s, then allowed is %s', (host, allowed) => {
    expect(isAllowedHost(host, list)).toBe(allowed);
  });
});

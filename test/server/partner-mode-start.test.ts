import { listeningPort, logLines, serversPerTest } from '../helpers/server-process';
import { fixturePem } from '../helpers/test-keys';

const servers = serversPerTest('partner-mode-');

describe('the server and TENANT_SECRETS_KEY', () => {
  const env = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'development',
    PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
    STORE_URL: `sqlite:${servers.cwd()}/flows.db`,
    ...extra,
  });

  it('when it is set, then the server starts serving the tenants of its store', async () => {
    const server = servers.start(
      env({ TENANT_SECRETS_KEY: Buffer.alloc(32, 9).toString('base64') }),
    );
    await listeningPort(server);
    expect(logLines(server)).toContainEqual(
      expect.objectContaining({ msg: 'Flows Endpoint listening', tenants: 'on' }),
    );
  });

  it('when it is not set, then the server serves its single business as before', async () => {
    const server = servers.start(env());
    await listeningPort(server);
    expect(logLines(server)).toContainEqual(
      expect.objectContaining({ msg: 'Flows Endpoint listening', tenants: 'off' }),
    );
  });

  it('when it is not a 32-byte key, then the server refuses to start, naming it', async () => {
    const server = servers.start(env({ TENANT_SECRETS_KEY: 'short' }));
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect(server.stderr()).toContain(
      'TENANT_SECRETS_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
    );
  });
});

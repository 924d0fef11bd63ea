import {
  listeningPort,
  logLines,
  type ServerProcess,
  serversPerTest,
} from '../helpers/server-process';
import { firePings } from '../helpers/fire-pings';
import { fixturePem } from '../helpers/test-keys';

describe('a wrong APP_SECRET shows in the log at once', () => {
  const servers = serversPerTest('refusal-');
  let server: ServerProcess;

  beforeEach(() => {
    server = servers.start({
      NODE_ENV: 'production',
      APP_SECRET: 'the-secret-meta-signs-with',
      FLOW_TOKEN_SECRET: 'refusal-flow-token-secret-0123456789abcdef',
      PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
      METRICS_PUBLIC: 'true',
    });
  });

  it('when requests signed with another secret arrive, then the first is logged with its reason, once', async () => {
    const port = await listeningPort(server);
    const sent = await firePings({
      port,
      appSecret: 'a-different-secret',
      count: 3,
    });
    expect(sent.other).toEqual(['status 432', 'status 432', 'status 432']);

    const refusals = () => logLines(server).filter((line) => line.status === 432);
    const deadline = Date.now() + 5000;
    while (refusals().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refusals()).toEqual([
      expect.objectContaining({
        level: 40,
        flow: 'book-appointment',
        reason: 'X-Hub-Signature-256 does not match',
        msg: expect.stringContaining('check APP_SECRET'),
      }),
    ]);
  });
});

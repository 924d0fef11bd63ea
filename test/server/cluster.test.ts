import { Agent } from 'node:http';
import { getJson, logLines, type ServerProcess, serversPerTest } from '../helpers/server-process';
import { fixturePem } from '../helpers/test-keys';

const PRODUCTION = {
  NODE_ENV: 'production',
  APP_SECRET: 'cluster-secret',
  FLOW_TOKEN_SECRET: 'cluster-flow-token-secret-0123456789abcdef',
  PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
  WEB_CONCURRENCY: '2',
  METRICS_PUBLIC: 'true',
};

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const listening = (server: ServerProcess) =>
  logLines(server).filter((line) => line.msg === 'Flows Endpoint listening');

describe('cluster mode (WEB_CONCURRENCY)', () => {
  const servers = serversPerTest('cluster-');
  let server: ServerProcess;

  beforeEach(() => {
    server = servers.start(PRODUCTION);
  });

  it('when started with 2 workers, then both serve on one port, a dead worker is replaced, and SIGTERM stops all with exit 0', async () => {
    const workers = await until('two workers', () => {
      const lines = listening(server);
      return lines.length >= 2 ? lines : undefined;
    });
    const port = workers[0]?.port as number;
    expect(new Set(workers.map((line) => line.port))).toEqual(new Set([port]));
    expect(new Set(workers.map((line) => line.pid)).size).toBe(2);

    // Fresh connections are spread over the workers: each worker's access lines say it answered.
    const agent = new Agent({ keepAlive: false });
    for (let i = 0; i < 20; i++) {
      expect((await getJson(port, '/healthz', agent)).status).toBe(200);
    }
    const answeredBy = await until('access lines from both workers', () => {
      const pids = new Set(
        logLines(server)
          .filter((line) => line.msg === 'request completed')
          .map((line) => line.pid),
      );
      return pids.size >= 2 ? pids : undefined;
    });
    expect(answeredBy).toEqual(new Set(workers.map((line) => line.pid)));

    const victim = workers[0]?.pid as number;
    process.kill(victim, 'SIGKILL');
    await until('a replacement worker', () => (listening(server).length >= 3 ? true : undefined));
    expect(logLines(server)).toContainEqual(
      expect.objectContaining({ msg: 'worker died; starting another', workerPid: victim }),
    );
    expect((await getJson(port, '/healthz', agent)).status).toBe(200);

    const started = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 90_000);
});

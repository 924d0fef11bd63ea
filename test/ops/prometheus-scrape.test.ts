import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../scripts/lib/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  killServer,
  listeningPort,
  spawnServer,
  type ServerProcess,
} from '../helpers/server-process';
import { dashboardExpressions } from '../helpers/promql-metric-names';
import { firePings } from '../helpers/fire-pings';
import { fixturePem } from '../helpers/test-keys';

const APP_SECRET = 'scrape-app-secret';
const METRICS_TOKEN = 'scrape-metrics-token';

const targetsAnswer = z.object({
  data: z.object({
    activeTargets: z.array(z.object({ health: z.string(), lastError: z.string() })),
  }),
});
const queryAnswer = z.object({
  data: z.object({ result: z.array(z.object({ value: z.tuple([z.number(), z.string()]) })) }),
});

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 40_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what} (${String(last)})`);
}

describe("a real Prometheus scraping the server's /metrics", () => {
  let dir: string;
  let server: ServerProcess;
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scrape-'));
    server = spawnServer(dir, {
      NODE_ENV: 'production',
      APP_SECRET,
      FLOW_TOKEN_SECRET: 'scrape-flow-token-secret-0123456789abcdef',
      PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
      METRICS_TOKEN,
      SHUTDOWN_DELAY: '0',
    });
  });
  afterEach(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const gone = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGKILL');
      await gone;
    }
    await killServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('when Prometheus scrapes it with the bearer token, then the target is up and queries over its metrics answer', async () => {
    const port = await listeningPort(server);
    // A few answered pings, so the request counters exist.
    const sent = await firePings({
      port,
      appSecret: APP_SECRET,
      count: 5,
    });
    expect(sent.answered).toBe(5);

    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: flows-endpoint',
        '    authorization:',
        `      credentials: ${METRICS_TOKEN}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${port}']`,
        '',
      ].join('\n'),
    );
    const webPort = await freePort();
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${webPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stderr?.setEncoding('utf8').on('data', (chunk: string) => (prometheusLog += chunk));
    const api = `http://127.0.0.1:${webPort}/api/v1`;

    const target = await until('the target to be scraped', async () => {
      const answer = targetsAnswer.parse(await (await fetch(`${api}/targets`)).json());
      const first = answer.data.activeTargets[0];
      return first && first.health !== 'unknown' ? first : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n${prometheusLog.slice(-2000)}`);
    });
    expect(target).toEqual({ health: 'up', lastError: '' });

    const query = async (promql: string) => {
      const answer = queryAnswer.parse(
        await (await fetch(`${api}/query?query=${encodeURIComponent(promql)}`)).json(),
      );
      return answer.data.result[0]?.value[1];
    };
    expect(
      await until('pings counted', () => query('sum(flows_requests_total{status="200"})')),
    ).toBe('5');
    expect(await query('flows_ready')).toBe('1');
    expect(await query('flows_store_up')).toBe('1');

    // Prometheus itself parses and runs every query of the Grafana dashboard.
    const dashboard = join(__dirname, '..', '..', 'deploy', 'grafana', 'flows-endpoint.json');
    for (const { panel, expr } of dashboardExpressions(dashboard)) {
      const promql = expr.replace(/\$__rate_interval/g, '1m');
      const answer = (await (
        await fetch(`${api}/query?query=${encodeURIComponent(promql)}`)
      ).json()) as { status: string; error?: string };
      expect({ panel, status: answer.status, error: answer.error }).toEqual({
        panel,
        status: 'success',
        error: undefined,
      });
    }
  }, 90_000);
});

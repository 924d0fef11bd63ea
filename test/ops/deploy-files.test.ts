import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_ENV } from '../../scripts/lib/image-env';
import { createMetrics } from '../../src/metrics/create-metrics';
import { registerReadinessGauges } from '../../src/metrics/readiness-gauges';
import { createMemoryStore } from '../../src/store/memory-store';
import {
  dashboardExpressions,
  promqlMetricNames,
  ruleExpressions,
} from '../helpers/promql-metric-names';

const ROOT = join(__dirname, '..', '..');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'flows-endpoint.json');
const ALERTS = join(ROOT, 'deploy', 'prometheus', 'alerts.yml');

/** What GET /metrics can show: the app's registry plus the readiness gauges server.ts adds. */
async function exportedMetricNames(): Promise<Set<string>> {
  const { registry } = createMetrics();
  registerReadinessGauges(registry, {
    store: createMemoryStore(),
    privateKeyCount: 1,
    isShuttingDown: () => false,
    storeTimeoutMs: 1000,
  });
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  return names;
}

describe('promqlMetricNames', () => {
  it('when an expression groups, filters and calls functions, then only the metric names are left', () => {
    expect(
      promqlMetricNames(
        'histogram_quantile(0.9, sum by (le) (rate(flows_request_duration_seconds_bucket{status=~"5..", x="a(b)"}[$__rate_interval]))) / on (flow) up > 0.5',
      ),
    ).toEqual(['flows_request_duration_seconds_bucket', 'up']);
  });
});

describe('Dockerfile', () => {
  it('when its runtime stage sets the environment, then it is what servers judged "as the image runs" get (paths aside)', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const set = [...runtime.matchAll(/^ENV (.+)$/gm)]
      .flatMap((line) => (line[1] ?? '').split(/\s+/))
      .map((pair) => pair.split('=', 2) as [string, string])
      .filter(([name]) => name !== 'FLOWS_DIR');
    expect(Object.fromEntries(set)).toEqual(IMAGE_ENV);
  });
});

describe('deploy/grafana/flows-endpoint.json', () => {
  it('when its PromQL is read, then every metric it names is one the server exports (or Prometheus’s own up)', async () => {
    const exported = await exportedMetricNames();
    exported.add('up');
    const expressions = dashboardExpressions(DASHBOARD);
    expect(expressions.length).toBeGreaterThanOrEqual(10);
    const unknown = expressions.flatMap(({ panel, expr }) =>
      promqlMetricNames(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('when its panels are listed, then each thing the README promises is charted', () => {
    const titles = dashboardExpressions(DASHBOARD).map(({ panel }) => panel);
    for (const wanted of [
      /status/i,
      /p50.*p90.*p99/i,
      /421.*427.*432/,
      /error notifications/i,
      /invalid answers/i,
      /readiness/i,
    ]) {
      expect(titles.some((title) => wanted.test(title))).toBe(true);
    }
  });
});

describe('deploy/prometheus/alerts.yml', () => {
  it('when its rules are read, then every metric they name is one the server exports (or up)', async () => {
    const exported = await exportedMetricNames();
    exported.add('up');
    const exprs = ruleExpressions(ALERTS);
    expect(exprs).toHaveLength(9);
    const unknown = exprs.flatMap((expr) =>
      promqlMetricNames(expr).filter((name) => !exported.has(name)),
    );
    expect(unknown).toEqual([]);
  });
});

describe('deploy/ checked by the tools that consume it', () => {
  it('when scripts/check-deploy.sh runs, then promtool checks and unit-tests the rules and docker-compose parses compose.yaml', () => {
    const out = execFileSync('bash', [join(ROOT, 'scripts', 'check-deploy.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('SUCCESS: 9 rules found');
    expect(out).toMatch(/Unit Testing:\s+deploy\/prometheus\/alerts\.test\.yml\s+SUCCESS/);
    expect(out).toContain('deploy/compose.yaml: valid');
  }, 60_000);
});

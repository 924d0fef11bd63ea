import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { itWhenAvailable } from '../helpers/when-available';

const ROOT = join(__dirname, '..', '..');
const promtool = spawnSync('promtool', ['--version']);
const promtoolMissing =
  promtool.status === 0
    ? undefined
    : `promtool is missing (${promtool.error?.message ?? 'it did not run'}): apt-get install prometheus`;

describe('deploy/ for Flow alerts', () => {
  itWhenAvailable(promtoolMissing)(
    'when promtool checks and unit-tests flow-alerts.yml, then both pass',
    () => {
      const dir = join(ROOT, 'deploy', 'prometheus');
      for (const args of [
        ['check', 'rules', 'flow-alerts.yml'],
        ['test', 'rules', 'flow-alerts.test.yml'],
      ]) {
        const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
        expect({ args, status: run.status, output: run.stdout + run.stderr }).toMatchObject({
          status: 0,
        });
      }
    },
  );

  it('when the dashboard is read, then every panel queries a metric the server exports', () => {
    const dashboard = JSON.parse(
      readFileSync(join(ROOT, 'deploy', 'grafana', 'flow-alerts.json'), 'utf8'),
    ) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exported =
      /flows_(meta_(alert_active|flow_status|endpoint_latency_seconds|error_rate|availability_ratio)|webhook_(deliveries|completions|hook_failures)_total)/;
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) expect(target.expr).toMatch(exported);
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LOAD_CPU, SERVER_CPU, type LoadContext } from './load/context';
import { createReport } from './load/report';
import { freshSecrets } from './lib/flow-requests';
import { hasTaskset, runPinned } from './lib/server-process';
import { sigtermInFlight } from './load/sigterm-in-flight';
import { readinessUnderWrites } from './load/readiness-under-writes';
import { steadyLoad } from './load/steady-load';
import { storeOutage } from './load/store-outage';

/**
 * `npm run test:load`: load and fault tests against the real server (from source, production
 * mode), loopback only, a few minutes at most. Prints a report; exits 1 if any check fails.
 *  a) 100 000 requests at 64 connections: no errors, memory and file descriptors steady;
 *  b) SIGTERM with 64 requests in flight: every one answered, exit 0 within 10 s;
 *  c) the store (Redis) gone mid-load: fast 503s, then recovery by itself;
 *  d) two workers writing to one SQLite file: /readyz p99 under 100 ms.
 */
const TIME_LIMIT_MS = 8 * 60_000;

// The load generator on one CPU, the server on the other, so neither steals from the other.
runPinned(LOAD_CPU, __filename);

async function main(): Promise<number> {
  const secrets = freshSecrets();
  const report = createReport();
  const started = performance.now();
  console.log(
    `Flows Endpoint load and fault tests: node ${process.version}, ${cpus().length} CPUs, ` +
      (hasTaskset
        ? `server on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}`
        : 'not pinned (no taskset)'),
  );

  for (const scenario of [steadyLoad, sigtermInFlight, storeOutage, readinessUnderWrites]) {
    const dir = mkdtempSync(join(tmpdir(), 'flows-load-'));
    const context: LoadContext = { secrets, report, dir };
    try {
      await scenario(context);
    } catch (err) {
      report.check(
        false,
        `${scenario.name} did not run to the end: ${(err as Error).stack ?? String(err)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const seconds = (performance.now() - started) / 1000;
  console.log(
    report.failures.length === 0
      ? `\nall load and fault checks passed (${seconds.toFixed(0)} s)`
      : `\n${report.failures.length} check(s) failed (${seconds.toFixed(0)} s):\n${report.failures.map((line) => `  - ${line}`).join('\n')}`,
  );
  return report.failures.length === 0 ? 0 : 1;
}

// Bounded in time whatever hangs: the servers started are killed on exit.
setTimeout(() => {
  console.error(`\nFAIL the load test did not finish within ${TIME_LIMIT_MS / 60_000} minutes`);
  process.exit(1);
}, TIME_LIMIT_MS).unref();

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

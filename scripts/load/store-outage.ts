import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisServer } from '../../test/helpers/redis-server';
import { SERVER_CPU, type LoadContext } from './context';
import { flowLoad } from './check-answer';
import { driveLoad, statusList, type Answer } from '../lib/drive-load';
import { prepareRequests, serverEnv } from '../lib/flow-requests';
import { getStatus, startServer } from '../lib/server-process';
import { latencySummary, ms } from '../lib/stats';

const CONNECTIONS = 64;
const RUN_S = 10;
const DOWN_AT_MS = 3000;
const UP_AT_MS = 6000;
/** README: while the store is away, flow requests fail with 503 within 2 s. */
const REFUSAL_LIMIT_MS = 2000;
/** Service must be back this long after Redis answers again. */
const RECOVERY_LIMIT_MS = 5000;

/**
 * c) Redis stopped 3 s into a 10 s load and started again at 6 s: 503s while it is away, fast;
 * nothing but 200 and 503; 200s again within a few seconds of its return, by themselves.
 */
export async function storeOutage({ secrets, report, dir }: LoadContext): Promise<void> {
  report.heading(
    `c) Redis store stopped at ${DOWN_AT_MS / 1000} s and restarted at ${UP_AT_MS / 1000} s of a ${RUN_S} s load at ${CONNECTIONS} connections`,
  );
  // Every request touches the store (the flow token's state): data_exchange only, no pings.
  const requests = prepareRequests(secrets, 80_000, 'exchange');
  const redis = await startRedisServer();
  const server = await startServer({
    dir,
    cpu: SERVER_CPU,
    env: serverEnv(secrets, redis.url),
  });
  try {
    const warm = await driveLoad({
      connections: CONNECTIONS,
      ...flowLoad(server.port, prepareRequests(secrets, 1000, 'exchange')),
    });
    const origin = performance.now();
    const at = { down: NaN, gone: NaN, up: NaN };
    const probes = { healthz: 0, readyz: 0 };
    const outage = (async () => {
      await sleep(DOWN_AT_MS);
      at.down = performance.now() - origin;
      await redis.stop();
      at.gone = performance.now() - origin;
      await sleep(1500);
      [probes.healthz, probes.readyz] = await Promise.all([
        getStatus(server.port, '/healthz'),
        getStatus(server.port, '/readyz'),
      ]);
      await sleep(Math.max(0, UP_AT_MS - (performance.now() - origin)));
      await redis.restart();
      at.up = performance.now() - origin;
    })();
    const run = await driveLoad({
      connections: CONNECTIONS,
      seconds: RUN_S,
      origin,
      ...flowLoad(server.port, requests, true),
    });
    await outage;
    const readyAfter = await getStatus(server.port, '/readyz');
    report.figure(
      `statuses: ${statusList(run.statuses)} in ${run.seconds.toFixed(1)} s (warm-up: ${warm.problems.length} wrong of ${warm.answers.length})`,
    );
    report.figure(
      `during the outage: GET /healthz ${probes.healthz}, GET /readyz ${probes.readyz}; after it: GET /readyz ${readyAfter}`,
    );
    for (const { problem } of run.problems.slice(0, 3)) report.figure(`wrong answer: ${problem}`);
    summarise(report, run.answers, at);
    report.check(
      run.problems.length === 0 && warm.problems.length === 0,
      `only 200 (sealed, right) and 503 (store_unavailable) answers (${run.problems.length} others)`,
    );
    report.check(
      probes.healthz === 200 && probes.readyz === 503 && readyAfter === 200,
      'liveness stayed 200, readiness 503 while Redis was away and 200 after',
    );
  } finally {
    const exit = await server.stop();
    await redis.stop();
    report.check(exit.code === 0, `the server exited 0 on SIGTERM (${JSON.stringify(exit)})`);
  }
}

function summarise(
  report: LoadContext['report'],
  answers: Answer[],
  at: { down: number; gone: number; up: number },
) {
  const refused = answers.filter((answer) => answer.status === 503);
  const firstRefusal = Math.min(...refused.map((answer) => answer.doneAt));
  const lastRefusal = Math.max(...refused.map((answer) => answer.doneAt));
  const slowestRefusal = Math.max(0, ...refused.map((answer) => answer.latency));
  const during = answers.filter((answer) => answer.sentAt >= at.down && answer.sentAt <= at.up);
  const slowestDuring = Math.max(0, ...during.map((answer) => answer.latency));
  const firstBack = answers.find((answer) => answer.status === 200 && answer.sentAt >= at.up);
  const lastSecond = answers.filter((answer) => answer.sentAt >= RUN_S * 1000 - 1000);

  report.figure(
    `Redis stopped at ${ms(at.down)} (gone at ${ms(at.gone)}), answering again at ${ms(at.up)}`,
  );
  report.figure(
    `503s: ${refused.length}, latency ${latencySummary(refused.map((answer) => answer.latency))}; first at ${ms(firstRefusal)}, last at ${ms(lastRefusal)}`,
  );
  report.figure(`slowest answer of any request sent during the outage: ${ms(slowestDuring)}`);
  report.figure(
    `recovery: first 200 sent after Redis was back answered ${firstBack ? ms(firstBack.doneAt - at.up) : 'never'} after it; last 503 ${ms(lastRefusal - at.up)} after it`,
  );
  report.check(
    refused.length > 0 && firstRefusal >= at.down,
    'the outage was noticed: 503s, and none before Redis was stopped',
  );
  report.check(
    slowestRefusal < REFUSAL_LIMIT_MS,
    `every 503 came within ${REFUSAL_LIMIT_MS} ms (slowest ${ms(slowestRefusal)})`,
  );
  report.check(
    firstBack !== undefined &&
      lastRefusal < at.up + RECOVERY_LIMIT_MS &&
      lastSecond.length > 0 &&
      lastSecond.every((answer) => answer.status === 200),
    `200s came back by themselves within ${RECOVERY_LIMIT_MS / 1000} s of Redis returning; the run's last second all 200 (${lastSecond.length})`,
  );
}

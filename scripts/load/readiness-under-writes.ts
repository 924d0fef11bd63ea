import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOAD_CPU, SERVER_CPU, type LoadContext } from './context';
import { flowLoad } from './check-answer';
import { driveLoad, statusList } from '../lib/drive-load';
import { prepareRequests, serverEnv } from '../lib/flow-requests';
import { errorLines, getStatus, serverChildren, startServer } from '../lib/server-process';
import { latencySummary, ms, percentile } from '../lib/stats';

const WORKERS = 2;
const CONNECTIONS = 16;
/** About a third of what two workers sustain here: the figure is the locks', not a CPU queue's. */
const RATE = 500;
const RUN_S = 12;
const POLL_EVERY_MS = 25;
/** Issue: under 2 workers writing to one file, the p99 of /readyz stays under 100 ms. */
const P99_LIMIT_MS = 100;

/** GET /readyz every `everyMs` (on time, whether or not the last one was answered) until `until`. */
async function pollReadiness(port: number, everyMs: number, until: Promise<unknown>) {
  let running = true;
  const stop = () => (running = false);
  until.then(stop, stop);
  const polls: Promise<{ status: number; latency: number }>[] = [];
  const started = performance.now();
  for (let i = 0; running; i++) {
    await sleep(Math.max(0, started + i * everyMs - performance.now()));
    if (!running) break;
    const sentAt = performance.now();
    polls.push(
      getStatus(port, '/readyz').then((status) => ({
        status,
        latency: performance.now() - sentAt,
      })),
    );
  }
  return Promise.all(polls);
}

/**
 * d) Two workers (WEB_CONCURRENCY=2) on one SQLite file, each data_exchange writing its user's
 * session, 500 a second for 12 s, while GET /readyz is polled every 25 ms on fresh connections
 * (so both workers answer them): a write waiting on the other worker's lock must not hold up the
 * event loop, so readiness stays fast.
 */
export async function readinessUnderWrites({ secrets, report, dir }: LoadContext): Promise<void> {
  report.heading(
    `d) GET /readyz every ${POLL_EVERY_MS} ms while ${WORKERS} workers write to one SQLite file (${RATE} session writes a second for ${RUN_S} s)`,
  );
  const requests = prepareRequests(secrets, RATE * RUN_S, 'exchange');
  const server = await startServer({
    dir,
    // Both CPUs: the two workers write at the same time, so each meets the other's lock.
    cpu: `${SERVER_CPU},${LOAD_CPU}`,
    env: {
      ...serverEnv(secrets, `sqlite:${join(dir, 'flows.db')}`),
      WEB_CONCURRENCY: String(WORKERS),
    },
  });
  try {
    // Compiled and warm, as a server that has been running a while.
    const warm = await driveLoad({
      connections: CONNECTIONS,
      ...flowLoad(server.port, prepareRequests(secrets, 1000, 'exchange')),
    });
    const workers = serverChildren(server.pid).length;
    const load = driveLoad({
      connections: CONNECTIONS,
      seconds: RUN_S,
      rate: RATE,
      ...flowLoad(server.port, requests),
    });
    const polls = await pollReadiness(server.port, POLL_EVERY_MS, load);
    const run = await load;
    const sorted = polls.map((poll) => poll.latency).sort((a, b) => a - b);
    const [p50, p99] = [percentile(sorted, 0.5), percentile(sorted, 0.99)];
    const notReady = polls.filter((poll) => poll.status !== 200).length;

    report.figure(
      `${workers} workers; flow load: ${run.answers.length.toLocaleString('en')} session writes in ${run.seconds.toFixed(1)} s (${run.perSecond.toFixed(0)} req/s, latency ${latencySummary(run.answers.map((answer) => answer.latency))}), statuses: ${statusList(run.statuses)}`,
    );
    report.figure(
      `/readyz under ${WORKERS} workers writing to one SQLite file: p50 ${ms(p50)} / p99 ${ms(p99)} over ${polls.length} polls (max ${ms(sorted[sorted.length - 1] ?? 0)}, ${notReady} not 200)`,
    );
    for (const { problem } of run.problems.slice(0, 3)) report.figure(`wrong answer: ${problem}`);
    report.check(
      workers === WORKERS &&
        run.answers.length >= RATE * (RUN_S - 1) &&
        run.problems.length + warm.problems.length === 0,
      `${WORKERS} workers answered every flow request 200 with its sealed answer, ${RATE} a second for the whole run (${run.problems.length} wrong)`,
    );
    report.check(
      notReady === 0 && p99 < P99_LIMIT_MS,
      `every /readyz poll answered 200, p99 under ${P99_LIMIT_MS} ms (${ms(p99)})`,
    );
  } finally {
    const exit = await server.stop();
    const errors = errorLines(server.logFile);
    report.check(errors.length === 0, `no error in the server log (${errors.length})`);
    report.check(exit.code === 0, `the server exited 0 on SIGTERM (${JSON.stringify(exit)})`);
  }
}

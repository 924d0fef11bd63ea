import { Agent } from 'node:http';
import { join } from 'node:path';
import { SERVER_CPU, type LoadContext } from './context';
import { flowLoad } from './check-answer';
import { driveLoad, statusList } from '../lib/drive-load';
import { prepareRequests, serverEnv } from '../lib/flow-requests';
import { openFds, residentMiB, errorLines, startServer } from '../lib/server-process';
import { latencySummary } from '../lib/stats';

const CONNECTIONS = 64;
const WARM_UP = 5_000;
const REQUESTS = 100_000;
/** Resident memory may grow this much after the warm-up; more looks like a leak. */
const RSS_GROWTH = 0.2;
/** Descriptors may differ by this many (a WAL checkpoint, a timer); more looks like a leak. */
const FD_SLACK = 5;

/** a) 100 000 requests at 64 connections on SQLite: no errors, memory and descriptors steady. */
export async function steadyLoad({ secrets, report, dir }: LoadContext): Promise<void> {
  report.heading(
    `a) ${REQUESTS.toLocaleString('en')} requests at ${CONNECTIONS} connections (SQLite store)`,
  );
  const warmUp = prepareRequests(secrets, WARM_UP, 'mixed');
  const requests = prepareRequests(secrets, REQUESTS, 'mixed');
  const server = await startServer({
    dir,
    cpu: SERVER_CPU,
    env: serverEnv(secrets, `sqlite:${join(dir, 'flows.db')}`),
  });
  // One agent for both runs: its 64 connections stay open, so the descriptor counts compare.
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const warm = await driveLoad({
    connections: CONNECTIONS,
    agent,
    ...flowLoad(server.port, warmUp),
  });
  const before = { rss: residentMiB(server.pid), fds: openFds(server.pid) };
  let peak = before.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, residentMiB(server.pid))), 1000);
  const run = await driveLoad({
    connections: CONNECTIONS,
    agent,
    ...flowLoad(server.port, requests),
  });
  clearInterval(sampler);
  const after = { rss: residentMiB(server.pid), fds: openFds(server.pid) };
  agent.destroy();
  const exit = await server.stop();
  const errors = errorLines(server.logFile);

  report.figure(`warm-up: ${warm.answers.length} requests, ${warm.problems.length} wrong`);
  report.figure(
    `${run.answers.length.toLocaleString('en')} requests in ${run.seconds.toFixed(1)} s: ${run.perSecond.toFixed(0)} req/s`,
  );
  report.figure(`latency: ${latencySummary(run.answers.map((answer) => answer.latency))}`);
  report.figure(`statuses: ${statusList(run.statuses)}`);
  const growth = (after.rss - before.rss) / before.rss;
  report.figure(
    `resident memory: ${before.rss.toFixed(1)} MiB after warm-up, ${after.rss.toFixed(1)} MiB at the end (${(growth * 100).toFixed(1)} %), peak ${peak.toFixed(1)} MiB`,
  );
  report.figure(`open file descriptors: ${before.fds} after warm-up, ${after.fds} at the end`);
  for (const { problem } of run.problems.slice(0, 3)) report.figure(`wrong answer: ${problem}`);

  report.check(
    run.answers.length === REQUESTS && run.problems.length === 0 && warm.problems.length === 0,
    `all ${REQUESTS.toLocaleString('en')} answered 200 with the expected sealed answer (${run.problems.length} wrong)`,
  );
  report.check(
    growth <= RSS_GROWTH,
    `resident memory within +${RSS_GROWTH * 100} % of the warm-up figure`,
  );
  report.check(
    after.fds <= before.fds + FD_SLACK,
    `file descriptors within +${FD_SLACK} of the warm-up figure`,
  );
  report.check(errors.length === 0, `no error in the server log (${errors.length})`);
  report.check(exit.code === 0, `the server exited 0 on SIGTERM (${JSON.stringify(exit)})`);
}

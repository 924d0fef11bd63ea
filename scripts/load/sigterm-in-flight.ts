import { Agent } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { flowLoad, postFlow } from './check-answer';
import { SERVER_CPU, type LoadContext } from './context';
import { driveLoad } from '../lib/drive-load';
import { prepareRequests, serverEnv } from '../lib/flow-requests';
import { openFds, getStatus, startServer, type ServerProcess } from '../lib/server-process';

const IN_FLIGHT = 64;
/** The shutdown's own deadline is 8 s; the process must be gone well within WhatsApp's 10 s. */
const EXIT_LIMIT_MS = 10_000;

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

async function warmServer(context: LoadContext, name: string): Promise<ServerProcess> {
  const { secrets, dir } = context;
  const server = await startServer({
    dir,
    cpu: SERVER_CPU,
    env: serverEnv(secrets, `sqlite:${join(dir, `${name}.db`)}`),
  });
  // Compiled and warm, as a server that has been running a while.
  await driveLoad({
    connections: 16,
    ...flowLoad(server.port, prepareRequests(secrets, 500, 'mixed')),
  });
  return server;
}

/**
 * The descriptor count once the warm-up's connections are closed on the server's side too (the
 * client closing them reaches the server a moment later), so 64 new ones show as +64.
 */
async function settledFds(pid: number): Promise<number> {
  let previous = openFds(pid);
  for (let i = 0; i < 30; i++) {
    await sleep(100);
    const now = openFds(pid);
    if (now === previous) return now;
    previous = now;
  }
  return previous;
}

/** When the process exited, in ms after `since`, or undefined if it outlived the limit. */
async function exitAfter(server: ServerProcess, since: number) {
  const timeout = sleep(EXIT_LIMIT_MS + 5000).then(() => undefined);
  const exit = await Promise.race([server.exited, timeout]);
  return exit && { ...exit, ms: performance.now() - since };
}

const wrong = (replies: { problem?: string }[]) =>
  replies.flatMap(({ problem }) => (problem === undefined ? [] : [problem]));

/**
 * b) SIGTERM while 64 requests are in flight: each has sent its headers and half its body when
 * the signal comes, and the rest after it. Every one must be answered; the process exits 0.
 */
export async function sigtermInFlight(context: LoadContext): Promise<void> {
  const { report, secrets } = context;
  report.heading(`b) SIGTERM while ${IN_FLIGHT} requests are in flight`);
  const server = await warmServer(context, 'half-sent');
  const requests = prepareRequests(secrets, IN_FLIGHT, 'mixed');
  const idleFds = await settledFds(server.pid);
  let halvesWritten = 0;
  let release: () => void = () => undefined;
  const secondHalf = new Promise<void>((resolve) => (release = resolve));
  const replies = Promise.all(
    requests.map((prepared) =>
      postFlow(prepared, {
        port: server.port,
        agent: false,
        split: { firstHalfWritten: () => (halvesWritten += 1), secondHalf },
      }),
    ),
  );
  const sent = await until(() => halvesWritten === IN_FLIGHT, 5000);
  // Each accepted connection is a descriptor of the server's: all 64 are in, headers read.
  const accepted = await until(() => openFds(server.pid) >= idleFds + IN_FLIGHT, 5000);
  await sleep(200);
  const heldAtSignal = openFds(server.pid) - idleFds;
  const signalled = performance.now();
  server.child.kill('SIGTERM');
  await sleep(300);
  const newConnection = await getStatus(server.port, '/healthz');
  release();
  const answered = await replies;
  const exit = await exitAfter(server, signalled);
  const problems = wrong(answered);

  report.figure(
    `${halvesWritten} first halves written, ${heldAtSignal} more descriptors open in the server at SIGTERM; second halves 300 ms after it`,
  );
  report.figure(
    `a new connection after SIGTERM: ${newConnection === 0 ? 'refused' : `status ${newConnection}`}`,
  );
  report.figure(
    `answers: ${answered.filter((reply) => reply.status === 200).length} × 200 of ${IN_FLIGHT}; exit ${JSON.stringify(exit && { code: exit.code, signal: exit.signal })} ${exit ? `${exit.ms.toFixed(0)} ms after SIGTERM` : 'never'}`,
  );
  for (const problem of problems.slice(0, 3)) report.figure(`wrong answer: ${problem}`);
  report.check(
    sent && accepted,
    `all ${IN_FLIGHT} requests were in flight (accepted, half sent) at the signal`,
  );
  report.check(
    problems.length === 0,
    `every one answered 200 with its sealed answer (${problems.length} not)`,
  );
  report.check(
    exit !== undefined && exit.code === 0 && exit.ms < EXIT_LIMIT_MS,
    `the process exited 0 within ${EXIT_LIMIT_MS / 1000} s of SIGTERM`,
  );
  await allAtOnce(context);
}

/**
 * b') The harder timing, for information: 64 whole requests written on open keep-alive
 * connections and SIGTERM the moment they are all handed to the OS, before the server has read
 * them. Requests the server has not read when it closes idle connections are lost.
 */
async function allAtOnce(context: LoadContext): Promise<void> {
  const { report, secrets } = context;
  const server = await warmServer(context, 'all-at-once');
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  // Open the 64 connections first, so the requests travel on established ones.
  await driveLoad({
    connections: IN_FLIGHT,
    agent,
    ...flowLoad(server.port, prepareRequests(secrets, IN_FLIGHT, 'mixed')),
  });
  const requests = prepareRequests(secrets, IN_FLIGHT, 'mixed');
  let written = 0;
  const replies = Promise.all(
    requests.map((prepared) =>
      postFlow(prepared, { port: server.port, agent, written: () => (written += 1) }),
    ),
  );
  await until(() => written === IN_FLIGHT, 5000);
  const signalled = performance.now();
  server.child.kill('SIGTERM');
  const answered = await replies;
  const exit = await exitAfter(server, signalled);
  agent.destroy();
  const problems = wrong(answered);
  report.figure(
    `b') ${IN_FLIGHT} whole requests on open connections, SIGTERM as soon as written: ${IN_FLIGHT - problems.length} × 200, ${problems.length} lost${problems[0] ? ` (${problems[0]})` : ''}; exit ${exit?.code ?? 'never'} ${exit ? `${exit.ms.toFixed(0)} ms after SIGTERM` : ''}`,
  );
}

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** A worker dying more often than this is a crash loop: stop replacing it and exit. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;

/**
 * The cluster primary: forks `workers` full servers sharing the port, replaces one that dies, and
 * on SIGTERM/SIGINT passes the signal on and exits 0 once every worker has finished its requests
 * (each keeps accepting for its shutdown delay first). Past `shutdownMs`, or on a second signal,
 * it kills what still runs and exits 1.
 */
export function runPrimary(workers: number, log: Logger, shutdownMs: number): void {
  let stopping = false;
  const restarts: number[] = [];

  const fork = (): Worker => cluster.fork();
  for (let i = 0; i < workers; i++) fork();
  log.info({ workers }, 'cluster started');

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while ((restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log.fatal({ restarts: restarts.length }, 'workers keep dying; giving up');
      process.exit(1);
    }
    log.error({ workerPid: worker.process.pid, code, signal }, 'worker died; starting another');
    fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    const alive = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => !!worker,
    );
    const killAll = () => {
      for (const worker of alive) worker.process.kill('SIGKILL');
      process.exit(1);
    };
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      killAll();
    }
    stopping = true;
    log.info({ signal }, 'shutting down the cluster');
    let left = alive.length;
    if (left === 0) process.exit(0);
    for (const worker of alive) {
      worker.once('exit', () => {
        left -= 1;
        if (left === 0) {
          log.info('cluster stopped');
          process.exit(0);
        }
      });
      worker.process.kill('SIGTERM');
    }
    setTimeout(() => {
      log.warn('workers still running at the shutdown deadline');
      killAll();
    }, shutdownMs).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

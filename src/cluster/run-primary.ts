import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** A worker dying more often than this is a crash loop: stop replacing it and exit. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;
const SHUTDOWN_GRACE_MS = 9_000;

/**
 * The cluster primary: forks `workers` full servers sharing the port, replaces one that dies, and
 * on SIGTERM/SIGINT passes the signal on and exits 0 once every worker has finished its requests.
 */
export function runPrimary(workers: number, log: Logger): void {
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
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down the cluster');
    const alive = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is Worker => !!worker,
    );
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
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

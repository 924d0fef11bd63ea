import type { Server } from 'node:http';
import type { Logger } from 'pino';

/**
 * Stops accepting, lets requests in flight finish, then resolves. Idle keep-alive sockets are
 * closed as they free up; whatever still runs after `graceMs` is cut so the process exits in time.
 */
export function gracefulShutdown(server: Server, log: Logger, graceMs = 8000): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      log.warn('requests still open at the shutdown deadline; closing them');
      server.closeAllConnections();
    }, graceMs);
    sweep.unref();
    deadline.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** How long requests in flight may run once the listener is closed. */
export const DRAIN_MS = 6000;

/**
 * Stops accepting, lets requests in flight finish, then resolves. Idle keep-alive sockets are
 * closed as they free up; whatever still runs after `graceMs` is cut so the process exits in time.
 */
export function gracefulShutdown(server: Server, log: Logger, graceMs = DRAIN_MS): Promise<void> {
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

/** Each answer from now on tells the client not to reuse its connection. */
function closeAfterAnswer(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
}

/**
 * The whole shutdown of a listening server (readiness is already down when this is called):
 * 1. for `delayMs` keep accepting, so connections already queued in the kernel, or sent by a load
 *    balancer that has not yet seen /readyz fail, are answered instead of reset; every answer
 *    from now on closes its connection;
 * 2. close the listener and drain as `gracefulShutdown` does.
 * Added only now, the extra request listener costs the request path nothing while serving.
 */
export async function shutDownServer(
  server: Server,
  log: Logger,
  { delayMs, graceMs = DRAIN_MS }: { delayMs: number; graceMs?: number },
): Promise<void> {
  server.prependListener('request', closeAfterAnswer);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  log.info('shutdown delay over: closing the listener');
  await gracefulShutdown(server, log, graceMs);
}

import type { RequestHandler } from 'express';
import { pingWithin } from '../store/ping-within';
import type { Store } from '../store/store';

export interface ReadinessDeps {
  store: Store;
  privateKeyCount: number;
  isShuttingDown: () => boolean;
}

/** Longer than this and the store counts as unreachable: a load balancer should look elsewhere. */
export const STORE_TIMEOUT_MS = 1000;

/**
 * GET /readyz: keys loaded, store reachable and accepting writes, not shutting down. A 503 names the failing checks,
 * so an operator (or a load balancer's log) sees why.
 */
export function readinessEndpoint({
  store,
  privateKeyCount,
  isShuttingDown,
}: ReadinessDeps): RequestHandler {
  return async (_req, res) => {
    const checks = {
      keys: privateKeyCount > 0 ? 'ok' : 'no private key loaded',
      store: await pingWithin(store, STORE_TIMEOUT_MS),
      shutdown: isShuttingDown() ? 'shutting down' : 'ok',
    };
    const failing = Object.entries(checks)
      .filter(([, result]) => result !== 'ok')
      .map(([name]) => name);
    res
      .status(failing.length === 0 ? 200 : 503)
      .json(
        failing.length === 0
          ? { status: 'ready', checks }
          : { status: 'not ready', failing, checks },
      );
  };
}

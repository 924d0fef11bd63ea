import type { RequestHandler } from 'express';
import type { Store } from '../store/store';

export interface ReadinessDeps {
  store: Store;
  privateKeyCount: number;
  isShuttingDown: () => boolean;
}

/** Longer than this and the store counts as unreachable: a load balancer should look elsewhere. */
const STORE_TIMEOUT_MS = 1000;

/**
 * GET /readyz: keys loaded, store reachable, not shutting down. A 503 names the failing checks,
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
      store: await storeCheck(store),
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

async function storeCheck(store: Store): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${STORE_TIMEOUT_MS} ms`), STORE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([store.ping().then(() => 'ok'), timeout]);
  } catch (err) {
    return `unreachable (${(err as Error).message})`;
  } finally {
    clearTimeout(timer);
  }
}

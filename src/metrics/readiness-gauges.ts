import { Gauge, type Registry } from 'prom-client';
import { pingWithin } from '../store/ping-within';
import type { Store } from '../store/store';

export interface ReadinessGaugeDeps {
  store: Store;
  privateKeyCount: number;
  isShuttingDown: () => boolean;
  storeTimeoutMs: number;
}

/**
 * `flows_store_up` and `flows_ready` (what /readyz says, as 1 or 0), worked out at scrape time so
 * an alert can watch readiness without a probe. One store ping serves both gauges of a scrape.
 */
export function registerReadinessGauges(registry: Registry, deps: ReadinessGaugeDeps): void {
  let pending: Promise<boolean> | undefined;
  const storeUp = () =>
    (pending ??= pingWithin(deps.store, deps.storeTimeoutMs)
      .then((result) => result === 'ok')
      .finally(() => (pending = undefined)));

  new Gauge({
    name: 'flows_store_up',
    help: 'Whether the store (SQLite or Redis) answered within its timeout and accepted writes at scrape time.',
    registers: [registry],
    async collect() {
      this.set((await storeUp()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'flows_ready',
    help: 'Whether GET /readyz would answer 200: keys loaded, store answering, not shutting down.',
    registers: [registry],
    async collect() {
      const ready = (await storeUp()) && deps.privateKeyCount > 0 && !deps.isShuttingDown();
      this.set(ready ? 1 : 0);
    },
  });
}

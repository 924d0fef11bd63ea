import { StoreUnavailableError } from '../errors/store-unavailable-error';

/** A successful write vouches for the store this long; a check after that writes a probe. */
export const WRITE_VOUCHES_MS = 1000;

/** What a probe write learnt: it went through, or it could not tell (a lock held, within bound). */
export type ProbeResult = 'written' | 'unknown';

export interface WriteHealth {
  /** A real write went through. */
  succeeded(): void;
  /** A real write failed for good (disk full, read-only, locked beyond its bound, gone). */
  failed(err: unknown): void;
  /**
   * Resolves while writes go through; rejects with StoreUnavailableError saying why not. Writes
   * a probe when no write went through lately, or the last one failed (to see it recover).
   */
  check(): Promise<void>;
}

/**
 * Whether the store accepts writes, as its real writes and a cheap probe show: a store that
 * answers reads with its disk full is not ready, or the balancer keeps sending it traffic.
 */
export function createWriteHealth(
  probe: () => Promise<ProbeResult>,
  now: () => number = Date.now,
): WriteHealth {
  let failure: unknown;
  let failing = false;
  let lastWritten = Number.NEGATIVE_INFINITY;
  const succeeded = () => {
    failing = false;
    failure = undefined;
    lastWritten = now();
  };
  const failed = (err: unknown) => {
    failing = true;
    failure = err;
  };
  return {
    succeeded,
    failed,
    async check() {
      if (failing || now() - lastWritten >= WRITE_VOUCHES_MS) {
        try {
          if ((await probe()) === 'written') succeeded();
        } catch (err) {
          failed(err);
        }
      }
      if (!failing) return;
      const why = failure instanceof Error ? failure.message : String(failure);
      throw new StoreUnavailableError(`writes fail: ${why}`, { cause: failure });
    },
  };
}

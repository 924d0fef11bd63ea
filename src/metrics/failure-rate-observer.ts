import type { Logger } from 'pino';
import { NO_OBSERVER, type FlowObserver } from './flow-observer';

const KINDS = {
  432: 'a bad signature (432): check APP_SECRET',
  421: 'an undecryptable body (421): check that the public key uploaded matches the private key',
} as const;

/**
 * Bad signatures (432) and undecryptable bodies (421) come in floods when a secret or key is
 * wrong, or someone probes the endpoint. The first of each kind after a quiet window is logged at
 * once with its reason (so a wrong APP_SECRET or key shows in the first second); after that, one
 * line per window says how many there were, and nothing of what they carried.
 */
export function failureRateObserver(log: Logger, windowMs = 60_000): FlowObserver {
  const counts = { 432: 0, 421: 0 };
  // A kind is "active" from its first refusal until a whole window passes without one.
  const active = { 432: false, 421: false };
  const flush = () => {
    for (const status of [432, 421] as const) {
      if (counts[status] === 0) active[status] = false;
    }
    if (counts[432] + counts[421] > 0) {
      log.warn(
        {
          signatureFailures: counts[432],
          decryptFailures: counts[421],
          windowSeconds: windowMs / 1000,
        },
        'requests refused for a bad signature (432) or an undecryptable body (421)',
      );
    }
    counts[432] = 0;
    counts[421] = 0;
  };
  setInterval(flush, windowMs).unref();
  return {
    ...NO_OBSERVER,
    request({ flow, status, reason }) {
      if (status !== 432 && status !== 421) return;
      counts[status] += 1;
      if (active[status]) return;
      active[status] = true;
      log.warn(
        { flow, status, reason },
        `request refused for ${KINDS[status]}; more are counted once a minute`,
      );
    },
  };
}

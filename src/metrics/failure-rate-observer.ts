import type { Logger } from 'pino';
import { NO_OBSERVER, type FlowObserver } from './flow-observer';

/**
 * Bad signatures (432) and undecryptable bodies (421) come in floods when a secret or key is
 * wrong, or someone probes the endpoint. Instead of a warning per request, one line per window
 * says how many there were, and nothing of what they carried.
 */
export function failureRateObserver(log: Logger, windowMs = 60_000): FlowObserver {
  let signature = 0;
  let decryption = 0;
  const flush = () => {
    if (signature + decryption === 0) return;
    log.warn(
      { signatureFailures: signature, decryptFailures: decryption, windowSeconds: windowMs / 1000 },
      'requests refused for a bad signature (432) or an undecryptable body (421)',
    );
    signature = 0;
    decryption = 0;
  };
  setInterval(flush, windowMs).unref();
  return {
    ...NO_OBSERVER,
    request({ status }) {
      if (status === 432) signature += 1;
      if (status === 421) decryption += 1;
    },
  };
}

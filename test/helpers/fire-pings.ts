import { post } from './post';
import { openResponse } from '../../src/device/open-response';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { businessPublicKey } from './test-keys';

/** How each request of a burst ended. */
export interface BurstOutcome {
  /** A 200 whose body opened to the ping's answer. */
  answered: number;
  /** ECONNREFUSED: the connection was never accepted, so the client may retry elsewhere. */
  refused: number;
  /** Accepted, then reset or closed without an answer: what WhatsApp counts against the endpoint. */
  reset: number;
  /** Any other status, or an answer that did not open. */
  other: string[];
}

type Result = 'answered' | 'refused' | 'reset' | string;

/** One sealed, signed ping on its own connection (no keep-alive agent). */
function ping(port: number, appSecret: string): () => Promise<Result> {
  const sealed = sealRequest(JSON.stringify({ version: '3.0', action: 'ping' }), businessPublicKey);
  const signed = { body: sealed.body, signature: signBody(sealed.body, appSecret) };
  return async () => {
    const reply = await post(signed, port, '/flows/book-appointment');
    if (reply.failure) return reply.failure.includes('ECONNREFUSED') ? 'refused' : 'reset';
    if (reply.status !== 200) return `status ${reply.status}`;
    try {
      const answer = openResponse(reply.text, sealed.aesKey, sealed.iv) as {
        data?: { status?: string };
      };
      return answer.data?.status === 'active' ? 'answered' : `answer ${reply.text}`;
    } catch {
      return `unopenable ${reply.text.slice(0, 40)}`;
    }
  };
}

/**
 * Fires `count` pings at once, each on a new connection, calls `signal` (if any) `afterMs` later,
 * and counts how each ended. The requests are sealed before the clock starts.
 */
export async function firePings(options: {
  port: number;
  appSecret: string;
  count: number;
  afterMs?: number;
  signal?: () => void;
}): Promise<BurstOutcome> {
  const senders = Array.from({ length: options.count }, () =>
    ping(options.port, options.appSecret),
  );
  const results = senders.map((send) => send());
  if (options.signal) {
    await new Promise((resolve) => setTimeout(resolve, options.afterMs ?? 0));
    options.signal();
  }
  const outcome: BurstOutcome = { answered: 0, refused: 0, reset: 0, other: [] };
  for (const result of await Promise.all(results)) {
    if (result === 'answered' || result === 'refused' || result === 'reset') outcome[result] += 1;
    else outcome.other.push(result);
  }
  return outcome;
}

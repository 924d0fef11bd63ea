import type { KeyObject } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sealRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { post, type Reply } from '../../test/helpers/post';
import { slowSender } from '../../test/helpers/slow-sender';
import { cloudMessages, textMessage } from '../../test/helpers/webhook-payloads';
import { residentMiB } from './server-process';

/** A delivery signed with the app secret, as Meta sends one. */
export function signedDelivery(port: number, appSecret: string) {
  const body = JSON.stringify(cloudMessages([textMessage()]));
  return post({ body, signature: signBody(body, appSecret) }, port, '/webhooks/whatsapp');
}

/** A ping from WhatsApp to book-appointment, sealed and signed. */
export function signedPing(port: number, appSecret: string, publicKey: KeyObject) {
  const { body } = sealRequest(JSON.stringify({ version: '3.0', action: 'ping' }), publicKey);
  return post({ body, signature: signBody(body, appSecret) }, port, '/flows/book-appointment');
}

export interface SlowSendersRun {
  /**
   * Resident memory of the server (MiB): at the start, at most during either wave, once the first
   * wave left, and once the second left.
   */
  rss: { start: number; peak: number; afterFirst: number; after: number };
  /** How the senders fared: answered (by status), cut without an answer, or still sending. */
  outcomes: Map<string, number>;
  /** The requests sent meanwhile (one every 400 ms), and how long each answer took (ms). */
  meanwhile: (Reply & { ms: number })[];
}

interface Attack {
  port: number;
  path: string;
  headers: Record<string, string>;
  count: number;
  bodyBytes: number;
}

/**
 * Every sender sends 16 KiB every 100 ms for `rounds`; `meanwhile` runs every fourth round once
 * they all connected (their first 400 ms are a flood of connections, another matter).
 */
async function attack(
  { port, path, headers, count, bodyBytes }: Attack,
  rounds: number,
  meanwhile?: () => void,
) {
  const senders = Array.from({ length: count }, () => slowSender(port, path, bodyBytes, headers));
  for (let round = 0; round < rounds; round++) {
    for (const sender of senders) sender.send(16 * 1024);
    if (round > 0 && round % 4 === 0) meanwhile?.();
    await sleep(100);
  }
  const outcomes = new Map<string, number>();
  for (const sender of senders) {
    const outcome = sender.outcome();
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    sender.leave();
  }
  await Promise.all(senders.map((sender) => sender.closed));
  return outcomes;
}

/**
 * Two waves of `count` clients that announce a `bodyBytes` body each and send it
 * slowly, then leave. During the second, a request is sent every 400 ms and timed. After it,
 * memory is awaited until it is back within `settledMiB` of the start (3 s at most): what is left
 * after two waves is what a server keeps (code compiled, heap grown), not what each wave adds.
 */
export async function slowSenders(
  options: Partial<Attack> & {
    port: number;
    pid: number;
    path: string;
    meanwhile: () => Promise<Reply>;
    rounds?: number;
    settledMiB?: number;
  },
): Promise<SlowSendersRun> {
  const { pid, rounds = 20, settledMiB = 32 } = options;
  const load: Attack = {
    port: options.port,
    path: options.path,
    headers: options.headers ?? {},
    count: options.count ?? 200,
    bodyBytes: options.bodyBytes ?? 3 * 1024 * 1024,
  };
  const start = residentMiB(pid);
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, residentMiB(pid))), 250);
  const settled = async (from: number) => {
    const deadline = Date.now() + 3000;
    let now = residentMiB(pid);
    while (now > from + settledMiB && Date.now() < deadline) {
      await sleep(200);
      now = residentMiB(pid);
    }
    return now;
  };
  await attack(load, rounds);
  const afterFirst = residentMiB(pid);
  const meanwhile: Promise<Reply & { ms: number }>[] = [];
  const outcomes = await attack(load, rounds, () => {
    const sentAt = performance.now();
    const reply = options.meanwhile();
    meanwhile.push(reply.then((answer) => ({ ...answer, ms: performance.now() - sentAt })));
  });
  const replies = await Promise.all(meanwhile);
  const after = await settled(start);
  clearInterval(sampler);
  return {
    rss: { start, peak: Math.max(peak, afterFirst, after), afterFirst, after },
    outcomes,
    meanwhile: replies,
  };
}

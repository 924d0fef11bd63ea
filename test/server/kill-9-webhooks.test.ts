import { join } from 'node:path';
import { post, type Reply } from '../helpers/post';
import { listeningPort, productionEnv, serversPerTest } from '../helpers/server-process';
import {
  exportedCompletionIds,
  signedCompletion,
  type SignedCompletion,
} from '../helpers/signed-completions';

const PRODUCTION = productionEnv('kill-9');
const APP_SECRET = PRODUCTION.APP_SECRET;
const PATH = '/webhooks/whatsapp';
const DELIVERIES = 300;
const SENDERS = 16;

/** Sends every delivery, `SENDERS` at a time, in order; `after` is told of each answer. */
async function sendAll(
  deliveries: readonly SignedCompletion[],
  port: number,
  after: (delivery: SignedCompletion, reply: Reply) => void = () => undefined,
): Promise<Reply[]> {
  const replies: Reply[] = [];
  let next = 0;
  const sender = async () => {
    for (let i = next++; i < deliveries.length; i = next++) {
      const delivery = deliveries[i] as SignedCompletion;
      replies[i] = await post(delivery, port, PATH);
      after(delivery, replies[i] as Reply);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return replies;
}

describe('kill -9 under webhook load (SQLite)', () => {
  const servers = serversPerTest('kill-9-');

  it('when the server is killed mid-way and restarted on the same file, then every delivery answered 200 is in `flows completions`, none twice, and the redeliveries of the rest are recorded once', async () => {
    const storeUrl = `sqlite:${join(servers.cwd(), 'data', 'flows.db')}`;
    const env = { ...PRODUCTION, STORE_URL: storeUrl };
    const first = servers.start(env);
    const port = await listeningPort(first);
    // A fifth of them twice, as Meta redelivers what it is unsure of.
    const unique = Array.from({ length: DELIVERIES }, () => signedCompletion(APP_SECRET));
    const deliveries = unique.flatMap((delivery, i) =>
      i % 5 === 0 ? [delivery, delivery] : [delivery],
    );

    const answered = new Set<string>();
    await sendAll(deliveries, port, (delivery, reply) => {
      if (reply.status !== 200) return;
      answered.add(delivery.id);
      if (answered.size === Math.floor(DELIVERIES / 3)) first.child.kill('SIGKILL');
    });
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Killed mid-way: some were answered, some never were.
    expect(answered.size).toBeGreaterThanOrEqual(DELIVERIES / 3);
    expect(answered.size).toBeLessThan(DELIVERIES);

    const second = servers.start(env);
    const secondPort = await listeningPort(second);
    const afterRestart = await exportedCompletionIds(servers.cwd(), storeUrl);
    expect([...answered].filter((id) => !afterRestart.includes(id))).toEqual([]);
    expect(new Set(afterRestart).size).toBe(afterRestart.length);

    // Meta sends again whatever got no 200; here everything goes again, answered or not.
    const replies = await sendAll(unique, secondPort);
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    const exported = await exportedCompletionIds(servers.cwd(), storeUrl);
    expect(exported).toHaveLength(DELIVERIES);
    expect(new Set(exported)).toEqual(new Set(unique.map(({ id }) => id)));
  }, 120_000);
});

import { join } from 'node:path';
import { post } from '../helpers/post';
import { getJson, listeningPort, productionEnv, serversPerTest } from '../helpers/server-process';
import { exportedCompletionIds, signedCompletion } from '../helpers/signed-completions';
import { fillableDisk, itWithDisk } from '../helpers/small-disk';

const PRODUCTION = productionEnv('disk-full');
const APP_SECRET = PRODUCTION.APP_SECRET;
const PATH = '/webhooks/whatsapp';
/** What readiness promises: a balancer polling /readyz sees a store failing writes this soon. */
const WITHIN_MS = 5000;

/** Milliseconds until /readyz answers `status`; fails past WITHIN_MS. */
async function msUntilReadiness(port: number, status: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { status: now, body } = await getJson(port, '/readyz');
    if (now === status) return Date.now() - started;
    if (Date.now() - started > WITHIN_MS) {
      throw new Error(`/readyz still ${now} after ${WITHIN_MS} ms: ${JSON.stringify(body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const disk = fillableDisk();
afterAll(() => {
  if (!('unavailable' in disk)) disk.remove();
});
const itWhenDisk = itWithDisk(disk);

describe('the disk under the SQLite store fills up', () => {
  const servers = serversPerTest('disk-full-');

  itWhenDisk(
    'when writes fail for lack of space, then deliveries are answered 503 and /readyz turns 503 within 5 s; once space is freed, both recover and the redeliveries are recorded',
    async ({ dir, fill, free }) => {
      const storeUrl = `sqlite:${join(dir, 'flows.db')}`;
      const server = servers.start({ ...PRODUCTION, STORE_URL: storeUrl });
      const port = await listeningPort(server);
      const pid = server.child.pid as number;
      const before = signedCompletion(APP_SECRET);
      expect((await post(before, port, PATH)).status).toBe(200);
      expect((await getJson(port, '/readyz')).status).toBe(200);

      fill(pid);
      expect(await msUntilReadiness(port, 503)).toBeLessThanOrEqual(WITHIN_MS);
      const { body } = await getJson(port, '/readyz');
      expect(body).toMatchObject({ failing: ['store'] });
      const refused = [signedCompletion(APP_SECRET), signedCompletion(APP_SECRET)];
      for (const delivery of refused) {
        const reply = await post(delivery, port, PATH);
        expect(reply.status).toBe(503);
      }

      free(pid);
      expect(await msUntilReadiness(port, 200)).toBeLessThanOrEqual(WITHIN_MS);
      for (const delivery of refused) expect((await post(delivery, port, PATH)).status).toBe(200);
      const exported = await exportedCompletionIds(servers.cwd(), storeUrl);
      expect(exported.sort()).toEqual([before, ...refused].map(({ id }) => id).sort());
    },
    60_000,
  );
});

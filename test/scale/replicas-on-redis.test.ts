import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAvailability } from '../../flows/book-appointment/availability';
import { captureLogs } from '../helpers/log-capture';
import { createBookingStore } from '../../flows/book-appointment/booking-store';
import { catalogue } from '../../flows/book-appointment/catalogue';
import { createRedisStore } from '../../src/store/redis-store';
import { CONTACT } from '../helpers/appointment-journey';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import {
  getJson,
  killServer,
  listeningPort,
  spawnServer,
  type ServerProcess,
} from '../helpers/server-process';
import { APP_SECRET, issueToken, TOKEN_SECRET } from '../helpers/test-app';
import { fixturePem } from '../helpers/test-keys';
import { createWhatsAppClient, type WhatsAppClient } from '../helpers/whatsapp-client';

/** A slot bookable now, whatever today is: the first free time of a day after today. */
function futureSlot(offset = 0) {
  const availability = createAvailability(catalogue, () => new Date());
  const department = availability.department('shopping');
  const location = department && availability.location(department, '2');
  if (!location) throw new Error('catalogue changed: shopping is no longer at Oxford Street');
  const dates = availability.dates(location, new Set()).slice(1);
  const date = dates[offset % dates.length]?.id ?? '';
  const time = availability.times(location, date, new Set())[0]?.id ?? '';
  return { department: 'shopping', location: '2', date, time };
}

describe('two replicas on one Redis', () => {
  let redis: RedisServer;
  let cwd: string;
  let replicas: ServerProcess[];
  let ports: number[];
  let clients: WhatsAppClient[];

  beforeAll(async () => {
    redis = await startRedisServer();
    cwd = mkdtempSync(join(tmpdir(), 'replicas-'));
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      APP_SECRET,
      FLOW_TOKEN_SECRET: TOKEN_SECRET,
      PRIVATE_KEY: fixturePem('rsa-2048-pkcs8.pem'),
      STORE_URL: redis.url,
      METRICS_PUBLIC: 'true',
    };
    replicas = [spawnServer(cwd, env), spawnServer(cwd, env)];
    ports = await Promise.all(replicas.map(listeningPort));
    clients = ports.map((port) =>
      createWhatsAppClient({ app: `http://127.0.0.1:${port}`, appSecret: APP_SECRET }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map(killServer));
    await redis.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  /** Request i of a journey goes to replica i % 2, as a load balancer might send it. */
  const on = (i: number) => clients[i % 2] as WhatsAppClient;

  it('when a journey alternates between the replicas, then it behaves as on one server', async () => {
    const slot = futureSlot(0);
    const token = issueToken('book-appointment', 'alternating');
    const exchange = (i: number, screen: string, data: Record<string, unknown>) =>
      on(i).send({ version: '3.0', action: 'data_exchange', screen, data, flow_token: token });

    const replies = [
      await on(0).send({ version: '3.0', action: 'INIT', flow_token: token }),
      await exchange(1, 'APPOINTMENT', {
        trigger: 'department_selected',
        department: slot.department,
      }),
      await exchange(2, 'APPOINTMENT', {
        trigger: 'location_selected',
        department: slot.department,
        location: slot.location,
      }),
      await exchange(3, 'APPOINTMENT', { trigger: 'date_selected', ...slot }),
      await exchange(4, 'DETAILS', { ...slot, ...CONTACT }),
      await exchange(5, 'SUMMARY', { ...slot, ...CONTACT }),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replies.at(-1)?.json.screen).toBe('SUCCESS');

    // The resend lands on the other replica: same answer. Any other use of the token: 427.
    const resent = await exchange(6, 'SUMMARY', { ...slot, ...CONTACT });
    expect(resent.json).toEqual(replies.at(-1)?.json);
    const reused = await on(7).send({ version: '3.0', action: 'INIT', flow_token: token });
    expect(reused.status).toBe(427);
  });

  it('when 50 users confirm one slot through both replicas at once, then exactly one books it', async () => {
    const slot = futureSlot(1);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        on(i).send({
          version: '3.0',
          action: 'data_exchange',
          screen: 'SUMMARY',
          data: { ...slot, ...CONTACT, name: `User ${i}` },
          flow_token: issueToken('book-appointment', `contender-${i}`),
        }),
      ),
    );
    expect(replies.map((reply) => reply.status).every((status) => status === 200)).toBe(true);
    expect(replies.filter((reply) => reply.json.screen === 'SUCCESS')).toHaveLength(1);
    expect(replies.filter((reply) => reply.json.screen === 'SUMMARY')).toHaveLength(49);

    const store = createRedisStore(redis.url);
    const bookings = await createBookingStore(store, { log: captureLogs().logger }).all();
    await store.close();
    expect(
      bookings.filter(
        (booking) => booking.slot.date === slot.date && booking.slot.time === slot.time,
      ),
    ).toHaveLength(1);
  });

  it('when Redis goes down, then flow requests get a fast 503, /healthz stays up, and service comes back with Redis', async () => {
    const token = issueToken('book-appointment', 'during-outage');
    const init = () => on(0).send({ version: '3.0', action: 'INIT', flow_token: token });
    await redis.stop();

    const started = Date.now();
    const refused = await init();
    const took = Date.now() - started;
    expect(refused.status).toBe(503);
    expect(took).toBeLessThan(2000);
    expect(await getJson(ports[0] as number, '/healthz')).toEqual({
      status: 200,
      body: { status: 'ok' },
    });

    await redis.restart();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await init()).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  }, 60_000);
});

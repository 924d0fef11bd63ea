import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createRedisStore } from '../../src/store/redis-store';
import { createTenantDirectory } from '../../src/tenants/create-tenant-directory';
import { createSecretsKeyring } from '../../src/tenants/secrets-keyring';
import { tenantConfigSchema } from '../../src/tenants/tenant-config';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';

const keyring = createSecretsKeyring(randomBytes(32));
const config = (name: string) =>
  tenantConfigSchema.parse({
    name,
    provider: 'cloud',
    wabaId: '555',
    phoneNumberIds: ['777'],
    secrets: { accessToken: 'globex-token' },
  });

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('two replicas of the tenant directory on one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('when a tenant is added, changed or removed on one, then the other serves it so within 5 s', async () => {
    const stores = [createRedisStore(redis.url), createRedisStore(redis.url)];
    const [a, b] = stores.map((store) =>
      createTenantDirectory({
        store,
        keyring,
        sharedKeys: () => [],
        logger: pino({ level: 'silent' }),
      }),
    );
    if (!a || !b) throw new Error('two directories expected');
    // b has looked them up already: what it cached (a negative entry too) must not outlive a change.
    await expect(b.find('globex')).resolves.toBeUndefined();
    await expect(b.byWabaId('555')).resolves.toBeUndefined();

    await a.put('globex', config('Globex'));
    await until(async () => (await b.find('globex'))?.name === 'Globex');
    await expect(b.byWabaId('555')).resolves.toBe('globex');
    expect((await b.credentials('globex'))?.privateKeys).toHaveLength(1);

    await a.put('globex', config('Globex Corporation'));
    await until(async () => (await b.find('globex'))?.name === 'Globex Corporation');

    await b.remove('globex');
    await until(async () => (await a.find('globex')) === undefined);
    await expect(a.byPhoneNumberId('777')).resolves.toBeUndefined();

    a.close();
    b.close();
    await Promise.all(stores.map((store) => store.close()));
  });
});

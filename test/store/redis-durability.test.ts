import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { checkRedisDurability, redisDurabilityRisk } from '../../src/store/redis-durability';
import { createRedisStore } from '../../src/store/redis-store';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';

/** A client whose CONFIG GET answers from `settings`, or refuses as a managed Redis may. */
function clientWith(settings: Record<string, string> | Error) {
  return {
    config: (async (_get: string, name: string) => {
      if (settings instanceof Error) throw settings;
      return [name, settings[name] ?? ''];
    }) as unknown as Redis['config'],
  };
}

async function warningsFor(settings: Record<string, string> | Error): Promise<string[]> {
  const logger = { warn: jest.fn() };
  await checkRedisDurability(clientWith(settings), logger);
  return logger.warn.mock.calls.map((args: unknown[]) => String(args.at(-1)));
}

describe('what Redis promises for acknowledged writes', () => {
  it('when Redis syncs its append-only file before answering, then nothing is warned', async () => {
    expect(redisDurabilityRisk('yes', 'always')).toBeUndefined();
    await expect(warningsFor({ appendonly: 'yes', appendfsync: 'always' })).resolves.toEqual([]);
  });

  it('when it syncs once a second, then the warning names the second of deliveries at risk', async () => {
    const [warning] = await warningsFor({ appendonly: 'yes', appendfsync: 'everysec' });
    expect(warning).toMatch(/appendfsync everysec.*up to a second.*answered 200 can be lost/);
    expect(warning).toMatch(/appendfsync always/);
  });

  it('when it leaves syncing to the system, then the warning says so', async () => {
    const [warning] = await warningsFor({ appendonly: 'yes', appendfsync: 'no' });
    expect(warning).toMatch(/appendfsync no.*half a minute/);
  });

  it('when it keeps no append-only file, then the warning says everything since the last snapshot is at risk', async () => {
    const [warning] = await warningsFor({ appendonly: 'no', appendfsync: 'everysec' });
    expect(warning).toMatch(/appendonly no.*last snapshot.*answered 200 can be lost/);
  });

  it('when CONFIG is refused, then the warning says it could not check, and what is at risk', async () => {
    const [warning] = await warningsFor(new Error("ERR unknown command 'CONFIG'"));
    expect(warning).toMatch(/Could not check.*appendfsync always.*can be lost/);
  });

  it('when CONFIG answers something else, then it is treated as refused', async () => {
    const logger = { warn: jest.fn() };
    const odd = { config: (async () => []) as unknown as Redis['config'] };
    await checkRedisDurability(odd, logger);
    expect(String(logger.warn.mock.calls[0]?.at(-1))).toMatch(/Could not check/);
  });
});

describe('the Redis store at start', () => {
  const servers: RedisServer[] = [];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-durability-'));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function startWarnings(server: RedisServer): Promise<string[]> {
    servers.push(server);
    const logger = { warn: jest.fn(), info: jest.fn() };
    const store = createRedisStore(server.url, { keyPrefix: `test:${randomUUID()}:`, logger });
    try {
      await store.ping();
      // The check runs once connected, beside the first calls.
      for (let i = 0; i < 50 && logger.warn.mock.calls.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await store.ping();
    } finally {
      await store.close();
    }
    return logger.warn.mock.calls.map((args: unknown[]) => String(args.at(-1)));
  }

  it('when the Redis it connects to keeps no append-only file, then the server is warned once', async () => {
    const warnings = await startWarnings(await startRedisServer());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/appendonly no/);
  });

  it('when Redis runs with appendonly yes and appendfsync always, then nothing is warned', async () => {
    const durable = await startRedisServer({ appendOnlyDir: dir });
    await expect(startWarnings(durable)).resolves.toEqual([]);
  });
});

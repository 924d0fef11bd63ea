import request from 'supertest';
import { createApp } from '../../src/app/create-app';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { createSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { captureLogs } from '../helpers/log-capture';
import { TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';

function appWith(store: Store, isShuttingDown = () => false) {
  return createApp({
    flows: [],
    keys: { privateKeys: [businessPrivateKey], appSecrets: ['s'] },
    logger: captureLogs().logger,
    store,
    tokens: { secret: TOKEN_SECRET, production: true },
    isShuttingDown,
  });
}

/** A store whose backend is gone: every call is refused, as the Redis store does when Redis is down. */
function downStore(): Store {
  const down = () => Promise.reject(new StoreUnavailableError('Redis store: connection refused'));
  return {
    get: down,
    set: down,
    setIfAbsent: down,
    delete: down,
    addToSet: down,
    setMembers: down,
    deleteByPrefix: down,
    writeDurably: down,
    ping: down,
    close: () => Promise.resolve(),
  };
}

/** A store that never answers. */
function hungStore(): Store {
  const never = () => new Promise<never>(() => undefined);
  return { ...downStore(), ping: never };
}

describe('GET /readyz', () => {
  it('when keys are loaded, the store answers and no shutdown is under way, then it is 200 with every check ok', async () => {
    const res = await request(appWith(createSqliteStore(':memory:'))).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      checks: { keys: 'ok', store: 'ok', shutdown: 'ok' },
    });
  });

  it('when the store is unreachable, then it is 503 naming the store, and /healthz stays 200', async () => {
    const app = appWith(downStore());
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'not ready',
      failing: ['store'],
      checks: {
        keys: 'ok',
        store: 'unreachable (Redis store: connection refused)',
        shutdown: 'ok',
      },
    });
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('when the store hangs, then readiness answers 503 within about a second', async () => {
    const started = Date.now();
    const res = await request(appWith(hungStore())).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.store).toBe('no answer within 1000 ms');
    expect(Date.now() - started).toBeLessThan(1800);
  });

  it('when the server is shutting down, then it is 503 naming shutdown', async () => {
    const res = await request(appWith(createSqliteStore(':memory:'), () => true)).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.failing).toEqual(['shutdown']);
  });
});

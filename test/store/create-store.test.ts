import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/store/create-store';
import { startRedisServer } from '../helpers/redis-server';

describe('createStore', () => {
  it('when the URL is sqlite:<path>, then the store lives in that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'create-store-'));
    try {
      const file = join(dir, 'flows.db');
      const store = createStore(`sqlite:${file}`);
      await store.set('k', 'v');
      await store.close();
      expect(existsSync(file)).toBe(true);
      const reopened = createStore(`sqlite:${file}`);
      await expect(reopened.get('k')).resolves.toBe('v');
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the URL is redis://, then the store lives in that Redis', async () => {
    const server = await startRedisServer();
    const store = createStore(server.url, { keyPrefix: 'create-store:' });
    const other = createStore(server.url, { keyPrefix: 'create-store:' });
    try {
      await store.set('k', 'v');
      await expect(other.get('k')).resolves.toBe('v');
    } finally {
      await Promise.all([store.close(), other.close()]);
      await server.stop();
    }
  });

  it('when the URL is neither, then it throws the expected format', () => {
    expect(() => createStore('mysql://localhost/flows')).toThrow(
      'STORE_URL must be sqlite:<path> or redis://host:port[/db]',
    );
  });
});

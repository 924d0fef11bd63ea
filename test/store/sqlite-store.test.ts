import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DatabaseSync } from '@photostructure/sqlite';
import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import { createSqliteStore } from '../../src/store/sqlite-store';
import { describeStoreContract } from './store-contract';

const run = promisify(execFile);

describeStoreContract('SQLite store (file)', async (now) => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  const store = createSqliteStore(join(dir, 'flows.db'), { now });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeStoreContract('SQLite store (:memory:)', async (now) => {
  const store = createSqliteStore(':memory:', { now });
  return { store, cleanup: () => store.close() };
});

describe('SQLite store on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the file and its directories do not exist, then the first start creates them', async () => {
    const file = join(dir, 'nested', 'deeper', 'flows.db');
    const store = createSqliteStore(file);
    await store.set('k', 'v');
    expect(existsSync(file)).toBe(true);
    await store.close();
  });

  it('when opened, then the file is in WAL mode', async () => {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file);
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
    await store.close();
  });

  it('when the store is closed and reopened, then values and sets are still there', async () => {
    const file = join(dir, 'flows.db');
    const before = createSqliteStore(file);
    await before.set('kept', 'value');
    await before.addToSet('members', 'one');
    await before.close();

    const after = createSqliteStore(file);
    await expect(after.get('kept')).resolves.toBe('value');
    await expect(after.setMembers('members')).resolves.toEqual(['one']);
    await after.close();
  });

  it("when two stores share a file, then each sees the other's writes and only one claims a key", async () => {
    const file = join(dir, 'flows.db');
    const a = createSqliteStore(file);
    const b = createSqliteStore(file);
    await a.set('from-a', '1');
    await b.addToSet('from-b', '2');
    await expect(b.get('from-a')).resolves.toBe('1');
    await expect(a.setMembers('from-b')).resolves.toEqual(['2']);

    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).setIfAbsent('claim', `caller-${i}`)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    await b.delete('claim');
    await expect(a.get('claim')).resolves.toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  it('when four processes claim the same 200 keys at once, then every key is won exactly once', async () => {
    const file = join(dir, 'flows.db');
    createSqliteStore(file).close();
    const script = join(__dirname, 'claim-keys.ts');
    const outputs = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((worker) =>
        run(process.execPath, ['--import', 'tsx', script, file, worker, '200']),
      ),
    );
    const won = outputs.flatMap(({ stdout }) => JSON.parse(stdout) as number[]);
    expect(won.sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  }, 30_000);

  it('when many writes follow an expiry, then the expired row is purged from the file', async () => {
    const file = join(dir, 'flows.db');
    let clock = Date.now();
    const store = createSqliteStore(file, { now: () => clock });
    const raw = new DatabaseSync(file);
    const rows = () => raw.prepare("SELECT COUNT(*) AS n FROM kv WHERE key = 'expired'").get();
    await store.set('expired', 'old', 1);
    clock += 2000;
    expect(rows()).toEqual({ n: 1 });

    for (let i = 0; i < 499; i += 1) await store.set(`filler-${i}`, 'x');

    expect(rows()).toEqual({ n: 0 });
    raw.close();
    await store.close();
  });

  it('when another process holds the write lock past the busy timeout, then a write fails with a 503 that names the store, not the data', async () => {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file, { busyTimeoutMs: 100 });
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');

    const error = await store.set('secret-key', 'secret-value').catch((err: unknown) => err);

    other.exec('ROLLBACK');
    other.close();
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ status: 503, kind: 'store_unavailable' });
    expect((error as Error).message).toBe(`SQLite store ${file}: set failed (database is locked)`);
    await expect(store.set('k', 'v')).resolves.toBeUndefined();
    await store.close();
  });

  it('when another process holds the write lock for a while, then the write waits for it without blocking the event loop, and succeeds', async () => {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file);
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');
    const events: string[] = [];

    const write = store.set('k', 'v').then(() => events.push('write done'));
    // Timers run while the write waits: the lock's holder releases it, a tick is seen.
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push('timer ran');
    await new Promise((resolve) => setTimeout(resolve, 300));
    events.push('lock released');
    other.exec('ROLLBACK');
    other.close();
    await write;

    expect(events).toEqual(['timer ran', 'lock released', 'write done']);
    await expect(store.get('k')).resolves.toBe('v');
    await store.close();
  });

  it('when another process holds the write lock beyond the bound, then ping rejects saying so, and resolves once it is released', async () => {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file, { busyTimeoutMs: 100 });
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');

    // Within the bound a lock is another worker's ordinary write: still ready.
    await expect(store.ping()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(store.ping()).rejects.toThrow(/writes fail: .*locked for more than 100 ms/);

    other.exec('ROLLBACK');
    other.close();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });

  it('when a write fails for good, then ping rejects at once, until a write goes through again', async () => {
    const file = join(dir, 'flows.db');
    const store = createSqliteStore(file, { busyTimeoutMs: 100 });
    await store.set('k', 'v');
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');

    await expect(store.set('k', 'w')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toThrow(/writes fail: .*set failed \(database is locked\)/);

    other.exec('ROLLBACK');
    other.close();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });

  it("when reads and writes mix in one turn of the event loop, then each read sees this process's writes before it", async () => {
    const store = createSqliteStore(join(dir, 'flows.db'));
    await expect(store.get('k')).resolves.toBeUndefined();
    await store.set('k', 'first');
    await expect(store.get('k')).resolves.toBe('first');
    await store.writeDurably([{ op: 'set', key: 'k', value: 'second' }]);
    await expect(store.get('k')).resolves.toBe('second');
    await store.delete('k');
    await expect(store.get('k')).resolves.toBeUndefined();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('when another process writes while this one reads, then this one sees it from its next turn, and the writer never waits for the reader', async () => {
    const file = join(dir, 'flows.db');
    const reader = createSqliteStore(file, { busyTimeoutMs: 0 });
    const writer = createSqliteStore(file, { busyTimeoutMs: 0 });
    await expect(reader.get('k')).resolves.toBeUndefined();
    await expect(reader.get('other')).resolves.toBeUndefined();
    // The reader's turn is not over: its reads from the second on share one snapshot.
    await writer.set('k', 'v');
    await expect(reader.get('k')).resolves.toBeUndefined();
    // A durable write is committed at the end of the turn.
    await writer.writeDurably([{ op: 'set', key: 'durable', value: 'd' }]);
    await expect(reader.get('k')).resolves.toBe('v');
    await expect(reader.get('durable')).resolves.toBe('d');
    await Promise.all([reader.close(), writer.close()]);
  });

  it('when the store is closed, then operations reject with StoreUnavailableError', async () => {
    const store = createSqliteStore(join(dir, 'flows.db'));
    await store.close();
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('when the directory cannot be created, then creating the store throws StoreUnavailableError', () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    expect(() => createSqliteStore(join(blocker, 'flows.db'))).toThrow(StoreUnavailableError);
  });
});

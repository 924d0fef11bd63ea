import { DatabaseSync } from '@photostructure/sqlite';
import type { Logger } from 'pino';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import { isRecord } from '../util/is-record';
import { keyRange } from './key-range';
import { createPrivateFile } from './private-files';
import type { Store, StoreWrite } from './store';
import { createWriteHealth } from './write-health';

/** Expired rows are invisible at once; they are deleted every this many writes. */
const PURGE_EVERY_WRITES = 500;
/**
 * The longest SQLite itself waits for a lock, blocking the event loop (SQLite is synchronous): a
 * longer wait is made of such tries with pauses between them, so other requests run meanwhile.
 */
const LOCK_TRY_MS = 20;
const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 50;

export interface SqliteStoreOptions {
  /** How long a write waits for another process's lock before failing with a 503. Default 5 s. */
  busyTimeoutMs?: number;
  /** Milliseconds since the epoch, for expiry; tests move it instead of waiting. */
  now?: () => number;
  /** Told when the data folder is open to other users; never given keys or values. */
  logger?: Pick<Logger, 'warn'>;
}

/** Where a write probe leaves its mark: one row, rewritten. */
const PROBE_KEY = 'health:write-probe';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS kv_expires_at ON kv(expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE IF NOT EXISTS sets (
    key TEXT NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (key, member)
  ) WITHOUT ROWID;
`;

/**
 * The store in one SQLite file (WAL), shared safely by every process that opens it. `:memory:`
 * gives a private, throw-away store for tests.
 */
export function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
  const now = options.now ?? Date.now;
  const fail = (operation: string, err: unknown) =>
    new StoreUnavailableError(`SQLite store ${path}: ${operation} failed (${reason(err)})`, {
      cause: err,
    });

  let db: InstanceType<typeof DatabaseSync>;
  try {
    // SQLite gives the -wal and -shm files the database file's mode.
    if (path !== ':memory:') createPrivateFile(path, options.logger);
    db = new DatabaseSync(path);
    // The whole wait at start-up (nothing else runs yet), so even switching to WAL waits for
    // another process's lock; short tries afterwards.
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec(SCHEMA);
    db.exec(`PRAGMA busy_timeout = ${Math.min(LOCK_TRY_MS, busyTimeoutMs)}`);
  } catch (err) {
    throw fail('open', err);
  }

  const statements = {
    get: db.prepare(
      'SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
    ),
    set: db.prepare(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    // One statement: the row is inserted, or an expired one replaced, or nothing changes.
    setIfAbsent: db.prepare(
      `INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?`,
    ),
    deleteValue: db.prepare('DELETE FROM kv WHERE key = ?'),
    deleteSet: db.prepare('DELETE FROM sets WHERE key = ?'),
    addToSet: db.prepare('INSERT OR IGNORE INTO sets (key, member) VALUES (?, ?)'),
    setMembers: db.prepare('SELECT member FROM sets WHERE key = ?'),
    // A range on the primary key, so only the prefix's rows are read.
    deleteValueRange: db.prepare('DELETE FROM kv WHERE key >= ? AND key < ?'),
    setKeysInRange: db.prepare('SELECT DISTINCT key FROM sets WHERE key >= ? AND key < ?'),
    deleteSetRange: db.prepare('DELETE FROM sets WHERE key >= ? AND key < ?'),
    purge: db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    ping: db.prepare('SELECT 1'),
    // A 200 answered for a webhook delivery or a completed flow must survive a power loss: Meta
    // does not send again what got a 200. NORMAL syncs the WAL only at checkpoints; FULL syncs it
    // at each commit, so the rest (sessions, which a user can redo) keeps NORMAL.
    syncFull: db.prepare('PRAGMA synchronous = FULL'),
    syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
    begin: db.prepare('BEGIN'),
    commit: db.prepare('COMMIT'),
  };

  let writes = 0;
  const purgeNowAndThen = () => {
    writes += 1;
    if (writes % PURGE_EVERY_WRITES !== 0) return;
    try {
      statements.purge.run(now());
    } catch {
      // Best effort: expired rows are already invisible, the next purge catches up.
    }
  };

  const expiresAt = (ttlSeconds?: number) =>
    ttlSeconds === undefined ? null : now() + ttlSeconds * 1000;

  /**
   * From its second read on, a turn of the event loop reads in one transaction, ended when the
   * turn is, or before this connection writes. Alone, each read begins and ends its own, and those
   * locks on the shared memory cost 5 of a read's 5.6 µs; under load a turn serves many requests.
   * Every read sees this process's writes, and others' as of the turn's second read (as if the
   * reads after it had come a few milliseconds earlier). A turn with one read pays nothing more.
   */
  let readsThisTurn = 0;
  let reading = false;
  let closed = false;
  const endReading = () => {
    if (!reading) return;
    reading = false;
    if (db.isTransaction) statements.commit.run();
  };
  const endTurn = () => {
    readsThisTurn = 0;
    endReading();
  };
  const beginReading = () => {
    if (reading || closed || db.isTransaction) return;
    readsThisTurn += 1;
    if (readsThisTurn === 1) setImmediate(endTurn);
    else {
      statements.begin.run();
      reading = true;
    }
  };

  /** Writes' outcomes also tell whether the store accepts writes (for /readyz). */
  let lockedSince: number | undefined;
  const health = createWriteHealth(async () => {
    // One short try: a lock held by another process is no failure until it outlasts the bound.
    try {
      endReading();
      statements.set.run(PROBE_KEY, String(Date.now()), null);
    } catch (err) {
      if (!isBusy(err)) throw fail('write', err);
      lockedSince ??= Date.now();
      if (Date.now() - lockedSince < busyTimeoutMs) return 'unknown';
      throw fail('write', new Error(`database is locked for more than ${busyTimeoutMs} ms`));
    }
    lockedSince = undefined;
    return 'written';
  });

  /**
   * Runs one synchronous operation; any SQLite failure becomes a 503. While another process holds
   * the lock it is tried again after a pause that doubles, until busyTimeoutMs has passed. A
   * write's outcome is told to the write health.
   */
  const run = async <T>(operation: string, body: () => T, isWrite = false): Promise<T> => {
    const deadline = Date.now() + busyTimeoutMs;
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
      try {
        if (isWrite) endReading();
        else beginReading();
        const result = body();
        if (isWrite) {
          lockedSince = undefined;
          health.succeeded();
        }
        return result;
      } catch (err) {
        const left = deadline - Date.now();
        if (isBusy(err) && left > 0) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
          continue;
        }
        const failure = fail(operation, err);
        if (isWrite) health.failed(failure);
        throw failure;
      }
    }
  };
  const write = <T>(operation: string, body: () => T) => run(operation, body, true);

  /** Inside one transaction, rolled back if any statement fails. */
  const transaction = <T>(body: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = body();
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  };

  /** One write, one statement; true unless a setIfAbsent found its key taken. */
  const apply = (item: StoreWrite): boolean => {
    switch (item.op) {
      case 'set':
        statements.set.run(item.key, item.value, expiresAt(item.ttlSeconds));
        return true;
      case 'setIfAbsent': {
        const at = expiresAt(item.ttlSeconds);
        return Number(statements.setIfAbsent.run(item.key, item.value, at, now()).changes) === 1;
      }
      case 'addToSet':
        statements.addToSet.run(item.key, item.member);
        return true;
    }
  };

  /**
   * Durable writes asked for while the last batch committed go together in the next one: one
   * sync to disk for all of them, as the event loop is blocked during each (SQLite is synchronous).
   */
  type Pending = {
    writes: readonly StoreWrite[];
    resolve: (results: boolean[]) => void;
    reject: (err: unknown) => void;
  };
  let pending: Pending[] = [];
  const commitPending = () => {
    const batch = pending;
    pending = [];
    write('writeDurably', () => {
      statements.syncFull.run();
      try {
        return transaction(() => batch.map(({ writes }) => writes.map(apply)));
      } finally {
        statements.syncNormal.run();
      }
    }).then(
      (results) => batch.forEach(({ resolve }, i) => resolve(results[i] ?? [])),
      (err: unknown) => batch.forEach(({ reject }) => reject(err)),
    );
  };

  return {
    get: (key) =>
      run('get', () => {
        const row = statements.get.get(key, now()) as { value: string } | undefined;
        return row?.value;
      }),
    set: (key, value, ttlSeconds) =>
      write('set', () => {
        apply({ op: 'set', key, value, ttlSeconds });
        purgeNowAndThen();
      }),
    setIfAbsent: (key, value, ttlSeconds) =>
      write('setIfAbsent', () => {
        const fresh = apply({ op: 'setIfAbsent', key, value, ttlSeconds });
        purgeNowAndThen();
        return fresh;
      }),
    delete: (key) =>
      write('delete', () =>
        // A key names a value or a set, as in Redis; one transaction removes either.
        transaction(() => {
          statements.deleteValue.run(key);
          statements.deleteSet.run(key);
        }),
      ),
    addToSet: (key, member) =>
      write('addToSet', () => {
        apply({ op: 'addToSet', key, member });
      }),
    setMembers: (key) =>
      run('setMembers', () =>
        (statements.setMembers.all(key) as { member: string }[]).map((row) => row.member),
      ),
    deleteByPrefix: async (prefix) => {
      const [from, to] = keyRange(prefix);
      return write('deleteByPrefix', () =>
        transaction(() => {
          const values = Number(statements.deleteValueRange.run(from, to).changes);
          const setKeys = statements.setKeysInRange.all(from, to).length;
          statements.deleteSetRange.run(from, to);
          return values + setKeys;
        }),
      );
    },
    writeDurably: (writes) =>
      new Promise((resolve, reject) => {
        pending.push({ writes, resolve, reject });
        if (pending.length === 1) setImmediate(commitPending);
      }),
    ping: async () => {
      await run('ping', () => {
        statements.ping.get();
      });
      await health.check();
    },
    close: () =>
      run('close', () => {
        if (closed) return;
        closed = true;
        endReading();
        db.close();
      }),
  };
}

/** SQLITE_BUSY (5) and its extended codes: another connection holds the lock. */
function isBusy(err: unknown): boolean {
  return isRecord(err) && typeof err.errcode === 'number' && (err.errcode & 0xff) === 5;
}

/** SQLite's own words for the failure (e.g. "database is locked"); they never carry values. */
function reason(err: unknown): string {
  if (isRecord(err)) {
    const { errstr, message } = err;
    if (typeof errstr === 'string') return errstr;
    if (typeof message === 'string') return message;
  }
  return 'unknown error';
}

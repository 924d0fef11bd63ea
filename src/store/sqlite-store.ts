import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from '@photostructure/sqlite';
import { StoreUnavailableError } from '../errors/store-unavailable-error';
import type { Store } from './store';

/** Expired rows are invisible at once; they are deleted every this many writes. */
const PURGE_EVERY_WRITES = 500;
export interface SqliteStoreOptions {
  /** How long a write waits for another process's lock before failing with a 503. Default 5 s. */
  busyTimeoutMs?: number;
}

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
  const fail = (operation: string, err: unknown) =>
    new StoreUnavailableError(`SQLite store ${path}: ${operation} failed (${reason(err)})`, {
      cause: err,
    });

  let db: InstanceType<typeof DatabaseSync>;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new DatabaseSync(path);
    // busy_timeout first, so that even switching to WAL waits for another process's lock.
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec(SCHEMA);
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
    purge: db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    ping: db.prepare('SELECT 1'),
  };

  let writes = 0;
  const purgeNowAndThen = () => {
    writes += 1;
    if (writes % PURGE_EVERY_WRITES !== 0) return;
    try {
      statements.purge.run(Date.now());
    } catch {
      // Best effort: expired rows are already invisible, the next purge catches up.
    }
  };

  const expiresAt = (ttlSeconds?: number) =>
    ttlSeconds === undefined ? null : Date.now() + ttlSeconds * 1000;

  /** Runs one synchronous operation; any SQLite failure becomes a 503. */
  const run = async <T>(operation: string, body: () => T): Promise<T> => {
    try {
      return body();
    } catch (err) {
      throw fail(operation, err);
    }
  };

  let closed = false;
  return {
    get: (key) =>
      run('get', () => {
        const row = statements.get.get(key, Date.now()) as { value: string } | undefined;
        return row?.value;
      }),
    set: (key, value, ttlSeconds) =>
      run('set', () => {
        statements.set.run(key, value, expiresAt(ttlSeconds));
        purgeNowAndThen();
      }),
    setIfAbsent: (key, value, ttlSeconds) =>
      run('setIfAbsent', () => {
        const { changes } = statements.setIfAbsent.run(
          key,
          value,
          expiresAt(ttlSeconds),
          Date.now(),
        );
        purgeNowAndThen();
        return Number(changes) === 1;
      }),
    delete: (key) =>
      run('delete', () => {
        // A key names a value or a set, as in Redis; one transaction removes either.
        db.exec('BEGIN IMMEDIATE');
        try {
          statements.deleteValue.run(key);
          statements.deleteSet.run(key);
          db.exec('COMMIT');
        } catch (err) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    addToSet: (key, member) =>
      run('addToSet', () => {
        statements.addToSet.run(key, member);
      }),
    setMembers: (key) =>
      run('setMembers', () =>
        (statements.setMembers.all(key) as { member: string }[]).map((row) => row.member),
      ),
    ping: () =>
      run('ping', () => {
        statements.ping.get();
      }),
    close: () =>
      run('close', () => {
        if (closed) return;
        closed = true;
        db.close();
      }),
  };
}

/** SQLite's own words for the failure (e.g. "database is locked"); they never carry values. */
function reason(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const { errstr, message } = err as { errstr?: unknown; message?: unknown };
    if (typeof errstr === 'string') return errstr;
    if (typeof message === 'string') return message;
  }
  return 'unknown error';
}

/** One write of a `writeDurably` batch; each means what the Store method of the same name does. */
export type StoreWrite =
  | { op: 'set'; key: string; value: string; ttlSeconds?: number }
  | { op: 'setIfAbsent'; key: string; value: string; ttlSeconds?: number }
  | { op: 'addToSet'; key: string; member: string };

/**
 * Where the endpoint keeps what the protocol does not carry: sessions, token state, bookings.
 * Every operation is atomic on its own, across processes sharing the same backend. A read always
 * sees this process's writes; another process's writes may show only from this process's next
 * turn of the event loop (SQLite), so what must not race is decided by a write (setIfAbsent).
 */
export interface Store {
  get(key: string): Promise<string | undefined>;
  /** Sets the value; it expires after `ttlSeconds` when given. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Sets the value only if the key is absent (or expired); true when this call set it. */
  setIfAbsent(key: string, value: string, ttlSeconds?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds a member to the set at `key` (kept until deleted). */
  addToSet(key: string, member: string): Promise<void>;
  /** Members of the set at `key`, in no particular order; empty when there is none. */
  setMembers(key: string): Promise<string[]>;
  /**
   * Deletes every value and set whose key starts with `prefix` (not empty): all of one tenant's
   * records at once. Gives how many keys were deleted.
   */
  deleteByPrefix(prefix: string): Promise<number>;
  /**
   * The writes, in order, as one transaction (all or none), on disk before it resolves: for what
   * has been acknowledged to someone who will not send it again. Gives, for each write, whether
   * it took effect (false only for a setIfAbsent whose key was there).
   */
  writeDurably(writes: readonly StoreWrite[]): Promise<boolean[]>;
  /**
   * Resolves when the backend answers and accepts writes; rejects with StoreUnavailableError
   * otherwise (unreachable, disk full, read-only, locked beyond its bound).
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

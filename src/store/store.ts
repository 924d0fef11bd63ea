/**
 * Where the endpoint keeps what the protocol does not carry: sessions, token state, bookings.
 * Every operation is atomic on its own, across processes sharing the same backend.
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
  /** Resolves when the backend answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

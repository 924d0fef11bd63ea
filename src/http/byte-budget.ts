/** A request body's share of a ByteBudget: what it holds, grown as its bytes arrive. */
export interface BodyClaim {
  /** Grows the claim to `bytes` in all; false (and unchanged) when the budget cannot hold them. */
  cover(bytes: number): boolean;
  /** Gives every byte back; a second call does nothing. */
  release(): void;
}

export interface ByteBudget {
  /**
   * A claim on `bytes`, or undefined when they are more than the whole budget. Room is made by
   * evicting the oldest claims: `evicted` runs (once) for this claim when a newer one needs it.
   */
  claim(bytes: number, evicted: () => void): BodyClaim | undefined;
  /** Bytes claimed now, by every body being read. */
  inUse(): number;
}

interface Held {
  bytes: number;
  evicted: () => void;
}

/**
 * One count of the bytes that bodies not yet authenticated may hold at once, whatever route reads
 * them: each route's limit bounds one body, this bounds all of them together, so that connections
 * nobody has to authenticate cannot together exhaust memory. When a body does not fit, the bodies
 * that have been arriving longest make room: a sender WhatsApp or Meta trusts sends its body in
 * milliseconds, so those left waiting the longest are the slow senders, and a few of them cannot
 * keep every later request out.
 */
export function byteBudget(capacity: number): ByteBudget {
  let used = 0;
  // Oldest first: a Set iterates in insertion order.
  const holders = new Set<Held>();

  const release = (held: Held) => {
    if (!holders.delete(held)) return;
    used -= held.bytes;
  };
  /** Evicts the oldest holders but `keep` until `more` bytes fit; false if they cannot. */
  const makeRoom = (more: number, keep?: Held) => {
    if (more + (keep?.bytes ?? 0) > capacity) return false;
    for (const held of holders) {
      if (used + more <= capacity) break;
      if (held === keep) continue;
      release(held);
      held.evicted();
    }
    return true;
  };

  return {
    claim(bytes, evicted) {
      if (!makeRoom(bytes)) return undefined;
      const held: Held = { bytes, evicted };
      holders.add(held);
      used += bytes;
      return {
        cover(total) {
          if (total <= held.bytes) return true;
          if (!holders.has(held) || !makeRoom(total - held.bytes, held)) return false;
          used += total - held.bytes;
          held.bytes = total;
          return true;
        },
        release: () => release(held),
      };
    },
    inUse: () => used,
  };
}

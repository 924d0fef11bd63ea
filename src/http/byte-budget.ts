/** A request body's share of a ByteBudget: what it holds, grown as its bytes arrive. */
export interface BodyClaim {
  /** Grows the claim to `bytes` in all; false (and unchanged) when the budget cannot hold them. */
  cover(bytes: number): boolean;
  /** Gives every byte back; a second call does nothing. */
  release(): void;
}

export interface ByteBudget {
  /** A claim on `bytes` of the budget, or undefined when they do not fit beside the others. */
  claim(bytes: number): BodyClaim | undefined;
  /** Bytes claimed now, by every body being read. */
  inUse(): number;
}

/**
 * One count of the bytes that bodies not yet authenticated may hold at once, whatever route reads
 * them: each sender's own limit bounds one body, this bounds all of them together, so that
 * connections nobody has to authenticate cannot together exhaust memory.
 */
export function byteBudget(capacity: number): ByteBudget {
  let used = 0;
  return {
    claim(bytes) {
      if (used + bytes > capacity) return undefined;
      used += bytes;
      let held = bytes;
      return {
        cover(total) {
          if (total <= held) return true;
          if (used + total - held > capacity) return false;
          used += total - held;
          held = total;
          return true;
        },
        release() {
          used -= held;
          held = 0;
        },
      };
    },
    inUse: () => used,
  };
}

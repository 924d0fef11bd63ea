/** A source of numbers in [0, 1): the fuzz cases take every random choice from one of these. */
export type Random = () => number;

/** mulberry32: a small seeded PRNG, so every fuzz run sends the same requests. */
export function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One seed per case, mixed from the run's seed and the case's index, so any single case can be
 * rebuilt from its index alone, whatever order the cases were sent in.
 */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export const int = (random: Random, max: number): number => Math.floor(random() * max);

export const chance = (random: Random, probability: number): boolean => random() < probability;

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[int(random, items.length)] as T;
}

export function randomBytes(random: Random, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  for (let i = 0; i < length; i++) buffer[i] = int(random, 256);
  return buffer;
}

/** Printable ASCII only: what an HTTP header value or an identifier may safely hold. */
export function randomAscii(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(0x20 + int(random, 0x5f));
  return text;
}

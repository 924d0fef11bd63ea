import { LruCache } from '../../src/util/lru-cache';

describe('LruCache', () => {
  it('when it is full, then the least recently used entry is forgotten', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('b')).toBe(false);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('when a key is set again, then it is the newest and the size does not grow', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(10);
    expect(cache.has('b')).toBe(false);
  });

  it('when an undefined or null value is kept, then it is told apart from an absent key', () => {
    const cache = new LruCache<string, null>(2);
    cache.set('unknown', null);
    expect(cache.has('unknown')).toBe(true);
    expect(cache.get('unknown')).toBeNull();
    cache.delete('unknown');
    expect(cache.has('unknown')).toBe(false);
    cache.set('x', null);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('when the capacity is not a positive whole number, then it refuses', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
    expect(() => new LruCache(1.5)).toThrow(RangeError);
  });
});

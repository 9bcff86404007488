import { LruCache } from './lru';

describe('LruCache', () => {
  it('returns stored values and undefined for missing keys', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1).set('b', 2);
    expect(c.get('a')).toBe(1);
    expect(c.get('zzz')).toBeUndefined();
    expect(c.size).toBe(2);
    expect(c.stats).toEqual({ hits: 1, misses: 1 });
  });

  it('evicts the least recently used entry past capacity', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1).set('b', 2).set('c', 3);
    c.get('a'); // a is now most recent; b is oldest
    c.set('d', 4);
    expect(c.has('b')).toBe(false);
    expect(c.keys()).toEqual(['c', 'a', 'd']);
  });

  it('set on an existing key updates it and makes it most recent', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1).set('b', 2).set('a', 10);
    c.set('c', 3);
    expect(c.peek('a')).toBe(10);
    expect(c.has('b')).toBe(false);
    expect(c.keys()).toEqual(['a', 'c']);
  });

  it('peek does not change recency or stats', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1).set('b', 2);
    expect(c.peek('a')).toBe(1);
    c.set('c', 3);
    expect(c.has('a')).toBe(false);
    expect(c.stats).toEqual({ hits: 0, misses: 0 });
  });

  it('keeps falsy values distinct from misses', () => {
    const c = new LruCache<string, number | null>(2);
    c.set('zero', 0).set('null', null);
    expect(c.get('zero')).toBe(0);
    expect(c.get('null')).toBeNull();
    expect(c.stats).toEqual({ hits: 2, misses: 0 });
  });

  it('capacity 0 stores nothing', () => {
    const c = new LruCache<string, number>(0);
    c.set('a', 1);
    expect(c.size).toBe(0);
    expect(c.get('a')).toBeUndefined();
  });

  it('delete and clear', () => {
    const c = new LruCache<number, string>(5);
    c.set(1, 'x').set(2, 'y');
    expect(c.delete(1)).toBe(true);
    expect(c.delete(1)).toBe(false);
    c.clear();
    expect(c.size).toBe(0);
  });

  it('rejects invalid capacities', () => {
    expect(() => new LruCache(-1)).toThrow(RangeError);
    expect(() => new LruCache(1.5)).toThrow(RangeError);
  });
});

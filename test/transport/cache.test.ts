import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/transport/cache.js';

describe('ResponseCache', () => {
  it('counts hits, misses and evictions', () => {
    const cache = new ResponseCache({ max: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('zz')).toBeUndefined();
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, evictions: 1, size: 2 });
  });

  it('invalidates by resource and by resource item', () => {
    const cache = new ResponseCache();
    cache.set('page:1', 'one', ['pages:1']);
    cache.set('page:2', 'two', ['pages:2']);
    cache.set('list', ['one', 'two'], ['pages']);
    cache.set('user:1', 'u', ['users:1']);
    expect(cache.invalidateResource('pages', 1)).toBe(1);
    expect(cache.get('page:1')).toBeUndefined();
    expect(cache.get('page:2')).toBe('two');
    expect(cache.invalidateResource('pages')).toBe(2);
    expect(cache.get('list')).toBeUndefined();
    expect(cache.get('user:1')).toBe('u');
  });

  it('expires entries after the TTL and cleans them up on demand', async () => {
    const cache = new ResponseCache({ ttlMs: 20 });
    cache.set('a', 1);
    await new Promise((r) => setTimeout(r, 40));
    expect(cache.cleanupExpired()).toBe(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('delete and clear', () => {
    const cache = new ResponseCache();
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.delete('a')).toBe(true);
    cache.clear();
    expect(cache.stats().size).toBe(0);
  });
});

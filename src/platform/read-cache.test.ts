import { describe, expect, it } from 'vitest';
import { createReadCache, invalidateReads, readCacheOf } from './read-cache';

describe('read cache', () => {
  it('loads once for concurrent callers and serves the value until the TTL', async () => {
    let t = 0;
    const cache = createReadCache(1_000, () => t);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    t = 1_000;
    expect(await cache.get('k', load)).toBe(1);
    t = 1_001;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('drops the keys under a prefix, and never keeps a load that raced an invalidation', async () => {
    const cache = createReadCache(60_000);
    let release!: (v: string) => void;
    const slow = cache.get('venue:c1:rules', () => new Promise<string>((r) => (release = r)));
    await cache.get('venue:c2:rules', async () => 'other');
    cache.invalidate('venue:c1:');
    // A caller after the invalidation does not join the load that started before it.
    expect(await cache.get('venue:c1:rules', async () => 'fresh')).toBe('fresh');
    release('stale');
    expect(await slow).toBe('stale');
    expect(await cache.get('venue:c1:rules', async () => 'again')).toBe('fresh');
    expect(await cache.get('venue:c2:rules', async () => 'reloaded')).toBe('other');
  });

  it('forgets a failed load', async () => {
    const cache = createReadCache(60_000);
    await expect(cache.get('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('is one per database handle; invalidateReads reaches it', async () => {
    const db = {};
    expect(readCacheOf(db)).toBe(readCacheOf(db));
    expect(readCacheOf(db)).not.toBe(readCacheOf({}));
    await readCacheOf(db).get('campaign:x', async () => 1);
    invalidateReads(db, 'campaign:');
    expect(await readCacheOf(db).get('campaign:x', async () => 2)).toBe(2);
  });
});

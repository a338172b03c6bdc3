import { describe, expect, it, vi } from 'vitest';
import { createMemoryKv } from '../../../platform/kv';
import { bucketOf, LATENCY_BOUNDS_MS, quantileMs } from './latency-histogram';
import { createFlashStatsCollector } from './stats';
import { statsKeys } from './stats-keys';

describe('the latency histogram', () => {
  it('buckets by upper bound and reads quantiles that err high', () => {
    expect(bucketOf(0.2)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(1.01)).toBe(2);
    expect(bucketOf(60_000)).toBe(LATENCY_BOUNDS_MS.length);
    const counts = new Map<number, number>();
    for (let i = 0; i < 98; i++) counts.set(bucketOf(2), (counts.get(bucketOf(2)) ?? 0) + 1);
    counts.set(bucketOf(40), 2);
    expect(quantileMs(counts, 0.5)).toBe(2);
    expect(quantileMs(counts, 0.99)).toBe(50);
    expect(quantileMs(new Map(), 0.99)).toBeNull();
    expect(quantileMs(new Map([[LATENCY_BOUNDS_MS.length, 1]]), 0.5)).toBe(10_000);
  });
});

describe('the stats collector', () => {
  it('counts in memory only, and two processes’ flushes add up in the KV', async () => {
    const kv = createMemoryKv();
    const now = () => 1_000_000_500;
    const a = createFlashStatsCollector({ kv, now });
    const b = createFlashStatsCollector({ kv, now });
    const spy = vi.spyOn(kv, 'zincrBy');
    for (let i = 0; i < 10; i++) a.record('fsl_1', 'reserved', 3);
    b.record('fsl_1', 'SOLD_OUT', 1);
    b.record('fsl_1', 'BUSY', 0.3);
    b.refused('fsl_1', 'customer_rate');
    expect(spy).not.toHaveBeenCalled();
    await Promise.all([a.flush(), b.flush()]);
    const keys = statsKeys('fsl_1');
    expect(await kv.get(keys.second(1_000_000))).toBe('12');
    expect(await kv.zscore(keys.outcomes, 'reserved')).toBe(10);
    expect(await kv.zscore(keys.outcomes, 'BUSY')).toBe(1);
    expect(await kv.zscore(keys.reasons, 'customer_rate')).toBe(1);
    expect(await kv.zscore(keys.histogram, String(bucketOf(3)))).toBe(10);
    expect(await kv.ttlMs(keys.second(1_000_000))).toBeGreaterThan(0);
    // Nothing new: a flush writes nothing.
    spy.mockClear();
    await a.flush();
    expect(spy).not.toHaveBeenCalled();
    await a.stop();
  });

  it('a KV outage loses the second, never throws into the timer', async () => {
    const kv = createMemoryKv();
    const warn = vi.fn();
    const stats = createFlashStatsCollector({ kv, logger: { warn } as never });
    stats.record('fsl_1', 'reserved', 1);
    await kv.close();
    await stats.flush();
    expect(warn).toHaveBeenCalledOnce();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock';
import { compareBytes, createMemoryKv } from './memory';

// What the contract suite cannot see: memory reclaimed for keys nobody reads again.
describe('memory KV housekeeping', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the sweep drops expired keys without any access', async () => {
    vi.useFakeTimers();
    const clock = new ManualClock();
    const kv = createMemoryKv({ clock, sweepIntervalMs: 1000 });
    await kv.set('short', '1', { ttlMs: 500 });
    await kv.set('long', '1', { ttlMs: 5000 });
    await kv.set('forever', '1');
    await kv.zadd('board', 'a', 1);
    await kv.expire('board', 500);
    expect(kv.size).toBe(4);
    clock.advance(600);
    vi.advanceTimersByTime(1000);
    expect(kv.size).toBe(2);
    await kv.close();
  });

  it('the sweep timer does not keep the process alive', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const kv = createMemoryKv();
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    spy.mockRestore();
    return kv.close();
  });

  it('operations after close fail instead of silently using a dead store', async () => {
    const kv = createMemoryKv();
    await kv.close();
    await expect(kv.get('a')).rejects.toThrow(/closed/);
  });

  it('compareBytes agrees with UTF-8 byte order', () => {
    const words = ['a', 'ab', 'b', '\uE000', '\uFFFF', '\u{10000}', '\u{1F600}', '\u00E9', ''];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareBytes)).toEqual(byBytes);
  });
});

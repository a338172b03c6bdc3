import { describe, expect, it } from 'vitest';
import { lowestPriceBetween, windowBefore } from './lowest-price';

const at = (iso: string) => new Date(iso);
const p = (price: number, effectiveAt: string) => ({ price, effectiveAt });

describe('lowestPriceBetween (the 30-day lowest price)', () => {
  const history = [
    p(12900, '2026-08-01T00:00:00Z'), // created
    p(9900, '2026-09-20T00:00:00Z'), // a sale before the window
    p(13900, '2026-10-01T00:00:00Z'), // raised just before the window: in force at `from`
    p(11900, '2026-10-20T00:00:00Z'), // a dip inside the window
    p(14900, '2026-10-25T00:00:00Z'), // raised again
  ];
  const { from, to } = windowBefore(at('2026-11-01T00:00:00Z'), 30); // 2026-10-02 .. 2026-11-01

  it('counts the price in force at the start and every change inside, not older changes', () => {
    expect(from.toISOString()).toBe('2026-10-02T00:00:00.000Z');
    expect(lowestPriceBetween(history, from, to)).toBe(11900);
  });

  it('uses the price in force at `from` when nothing changes inside the window', () => {
    expect(lowestPriceBetween(history, at('2026-10-05T00:00:00Z'), at('2026-10-10T00:00:00Z'))).toBe(13900);
  });

  it('the price in force at `from` can be the lowest', () => {
    expect(lowestPriceBetween(history, at('2026-09-25T00:00:00Z'), at('2026-10-30T00:00:00Z'))).toBe(9900);
  });

  it('a change exactly at `from` is the one in force; a change exactly at `to` counts', () => {
    expect(lowestPriceBetween(history, at('2026-10-20T00:00:00Z'), at('2026-10-22T00:00:00Z'))).toBe(11900);
    expect(lowestPriceBetween(history, at('2026-10-21T00:00:00Z'), at('2026-10-25T00:00:00Z'))).toBe(11900);
    expect(
      lowestPriceBetween(
        [p(500, '2026-10-10T00:00:00Z'), p(300, '2026-10-12T00:00:00Z')],
        at('2026-10-11T00:00:00Z'),
        at('2026-10-12T00:00:00Z'),
      ),
    ).toBe(300);
  });

  it('ignores changes after `to`', () => {
    expect(
      lowestPriceBetween(
        [p(500, '2026-10-01T00:00:00Z'), p(100, '2026-10-30T00:00:00Z')],
        at('2026-10-05T00:00:00Z'),
        at('2026-10-29T00:00:00Z'),
      ),
    ).toBe(500);
  });

  it('a SKU created inside the window is judged on its changes since', () => {
    expect(
      lowestPriceBetween([p(800, '2026-10-15T00:00:00Z'), p(700, '2026-10-16T00:00:00Z')], from, to),
    ).toBe(700);
  });

  it('is null when no price was in force in the window', () => {
    expect(lowestPriceBetween([], from, to)).toBeNull();
    expect(lowestPriceBetween([p(800, '2026-11-05T00:00:00Z')], from, to)).toBeNull();
    expect(lowestPriceBetween(history, to, from)).toBeNull();
  });

  it('does not depend on the order of the history', () => {
    const shuffled = [history[3]!, history[0]!, history[4]!, history[2]!, history[1]!];
    expect(lowestPriceBetween(shuffled, from, to)).toBe(11900);
  });

  it('of two changes at one instant before the window, takes the lower (conservative)', () => {
    expect(
      lowestPriceBetween([p(900, '2026-09-01T00:00:00Z'), p(800, '2026-09-01T00:00:00Z')], from, to),
    ).toBe(800);
  });
});

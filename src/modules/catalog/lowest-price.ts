import type { PricePoint } from './model';

/**
 * The lowest price of a SKU over [from, to], from its change history: the price in force at
 * `from` (the last change at or before it) plus every change after `from` up to and
 * including `to`. A change exactly at `to` counts, so a price lowered the moment before a
 * nomination is the price the nomination is judged against. Null when no price was in force
 * at any time in the window (the SKU did not exist yet). Pure: the order of `history` does
 * not matter; ties at one instant all count for the minimum.
 */
export function lowestPriceBetween(history: readonly PricePoint[], from: Date, to: Date): number | null {
  const f = from.getTime();
  const t = to.getTime();
  if (t < f) return null;
  let inForce: { at: number; price: number } | null = null;
  let lowest: number | null = null;
  for (const p of history) {
    const at = Date.parse(p.effectiveAt);
    if (at <= f) {
      // The latest change at or before `from`; of equal instants the lower one (conservative).
      if (!inForce || at > inForce.at || (at === inForce.at && p.price < inForce.price))
        inForce = { at, price: p.price };
    } else if (at <= t) {
      lowest = lowest === null ? p.price : Math.min(lowest, p.price);
    }
  }
  if (inForce) lowest = lowest === null ? inForce.price : Math.min(lowest, inForce.price);
  return lowest;
}

/** The window of "the N days before `at`". */
export const windowBefore = (at: Date, days: number) => ({
  from: new Date(at.getTime() - days * 24 * 3600 * 1000),
  to: at,
});

import type { CartLine } from './model';

/** Small lookups of the engine, cached where the same promotions price many carts. */

// ISO strings repeat across calls (the same promotions price many carts): parse each once.
const timeCache = new Map<string, number>();
export function epochMs(iso: string): number {
  let t = timeCache.get(iso);
  if (t === undefined) {
    t = Date.parse(iso);
    if (Number.isNaN(t)) throw new RangeError(`not an ISO 8601 date-time: ${iso}`);
    if (timeCache.size > 4096) timeCache.clear();
    timeCache.set(iso, t);
  }
  return t;
}

// Coupons held: a set per list, for the same reason (and a scan for short lists).
const couponSets = new WeakMap<readonly string[], Set<string>>();
export function holds(coupons: readonly string[] | undefined, id: string): boolean {
  if (coupons === undefined) return false;
  if (coupons.length <= 8) return coupons.includes(id);
  let set = couponSets.get(coupons);
  if (!set) {
    set = new Set(coupons);
    couponSets.set(coupons, set);
  }
  return set.has(id);
}

/**
 * Canonical order: order[k] = the input index of the k-th line by id (plain code-unit
 * comparison, stable), or null when the input already is in that order (the usual case).
 */
export function canonicalOrder(input: readonly CartLine[]): number[] | null {
  for (let i = 1; i < input.length; i++) {
    if (input[i - 1]!.id > input[i]!.id) {
      const order = Array.from({ length: input.length }, (_, j) => j);
      order.sort((a, b) => {
        const x = input[a]!.id;
        const y = input[b]!.id;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      return order;
    }
  }
  return null;
}

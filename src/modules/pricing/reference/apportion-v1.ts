/**
 * FROZEN REFERENCE, test and bench only: apportion.ts as it was before issue 14's rewrite
 * (sorting all remainders, arrays allocated per call), used by ./engine-v1.ts. See there why
 * it exists; do not change it.
 */
import { allocateLargestRemainder, mulDivHalfUp } from '../../../platform/money';

/**
 * Number-only integer helpers for the hot path. money.ts does the same with BigInt, which
 * is exact for any size but ~10x slower; here we stay in doubles while every product is
 * below 2^53 (then the arithmetic is exact) and fall back to money.ts otherwise.
 */

const SAFE = Number.MAX_SAFE_INTEGER;

/** `amount * numerator / denominator` rounded half up, for non-negative inputs. */
export function mulDivHalfUpFast(amount: number, numerator: number, denominator: number): number {
  const product = amount * numerator;
  // 2 * product + denominator must stay exact.
  if (product <= (SAFE - denominator) / 2) {
    return Math.floor((2 * product + denominator) / (2 * denominator));
  }
  return mulDivHalfUp(amount, numerator, denominator);
}

/**
 * Split `total` over `weights` (non-negative integers, already in canonical order) by largest
 * remainder: floors first, then one unit each to the largest remainders, ties to the earlier
 * index. Sum of weights must be positive. The parts sum to `total`.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  let sum = 0;
  let maxW = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    sum += w;
    if (w > maxW) maxW = w;
  }
  if (sum === 0 || total * maxW > SAFE || sum > SAFE) return allocateLargestRemainder(total, weights);
  const parts = new Array<number>(n);
  const rems = new Array<number>(n);
  let allocated = 0;
  for (let i = 0; i < n; i++) {
    const exact = total * weights[i]!;
    const floor = Math.floor(exact / sum);
    parts[i] = floor;
    rems[i] = exact - floor * sum;
    allocated += floor;
  }
  let left = total - allocated; // < n
  if (left === 0) return parts;
  if (left === 1) {
    // Common case: one leftover unit, no sort needed.
    let best = 0;
    for (let i = 1; i < n; i++) if (rems[i]! > rems[best]!) best = i;
    parts[best]! += 1;
    return parts;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => rems[b]! - rems[a]! || a - b);
  for (let k = 0; left > 0; k++, left--) parts[order[k]!]! += 1;
  return parts;
}

/**
 * Split a group discount over its lines: in proportion to `weights` by largest remainder, but
 * no line gets more than its `room` (what it still has to pay). A share above the room is cut
 * to the room and the excess re-spread over the other lines that still have room, the same
 * way, until all is placed. Caller guarantees `total <= sum(room)` and that every line with
 * room has a positive weight (amounts only ever decrease, so room > 0 implies weight > 0).
 */
export function apportionCapped(
  total: number,
  weights: readonly number[],
  room: readonly number[],
): number[] {
  const n = weights.length;
  const shares = new Array<number>(n).fill(0);
  let remaining = total;
  let active: number[] = [];
  for (let i = 0; i < n; i++) if (room[i]! > 0) active.push(i);
  while (remaining > 0 && active.length > 0) {
    const w = active.map((i) => weights[i]!);
    const parts = largestRemainder(remaining, w);
    const next: number[] = [];
    remaining = 0;
    for (let k = 0; k < active.length; k++) {
      const i = active[k]!;
      const free = room[i]! - shares[i]!;
      const part = parts[k]!;
      if (part >= free) {
        shares[i]! += free;
        remaining += part - free;
      } else {
        shares[i]! += part;
        next.push(i);
      }
    }
    active = next;
  }
  if (remaining > 0) throw new RangeError('group discount exceeds the room of its lines');
  return shares;
}

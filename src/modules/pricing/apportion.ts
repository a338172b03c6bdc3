import { allocateLargestRemainder, mulDivHalfUp } from '../../platform/money';

/**
 * Number-only integer helpers for the hot path. money.ts does the same with BigInt, which
 * is exact for any size but ~10x slower; here we stay in doubles while every product is
 * below 2^53 (then the arithmetic is exact) and fall back to money.ts otherwise.
 *
 * The engine calls `apportionCappedInto` once per qualifying group, so that one allocates
 * nothing: it works in module-level scratch buffers (the engine is synchronous and never
 * re-enters itself, so one set is enough) and hands out the leftover units by a partial
 * selection of the largest remainders, not a sort of all of them. `largestRemainder` and
 * `apportionCapped` are the same computations behind an array-in, array-out API.
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

// Scratch, grown to the largest group seen. Doubles hold every integer below 2^53 exactly.
let remainders = new Float64Array(64);
let selection = new Float64Array(64);
let parts = new Float64Array(64);
let active = new Int32Array(64);

function ensureScratch(n: number): void {
  if (n <= active.length) return;
  let size = active.length;
  while (size < n) size *= 2;
  remainders = new Float64Array(size);
  selection = new Float64Array(size);
  parts = new Float64Array(size);
  active = new Int32Array(size);
}

/**
 * The value that would sit at index `target` of a[0..n) sorted ascending, by quickselect
 * (Hoare partition around a median of three): O(n) on average, reordering `a`. A run of bad
 * pivots (an adversarial input) is cut short by sorting what is left, so the worst case stays
 * O(n log n). Exported for its test.
 */
export function nthSmallest(
  a: Float64Array,
  n: number,
  target: number,
  budget = 2 * (32 - Math.clz32(n)) + 4,
): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    if (--budget < 0) {
      a.subarray(lo, hi + 1).sort();
      return a[target]!;
    }
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // the median
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and whatever lies between equals the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return pivot;
  }
  return a[lo]!;
}

/**
 * Largest remainder over the entries `idx[0..m)` of `weights`: out[j] ← the part of the entry
 * idx[j]. Floors first, then one unit each to the largest remainders, ties to the smaller j
 * (callers pass idx ascending, so that is the earlier line in canonical order).
 */
function spread(
  total: number,
  weights: ArrayLike<number>,
  idx: Int32Array,
  m: number,
  out: Float64Array | number[],
): void {
  let sum = 0;
  let maxW = 0;
  for (let j = 0; j < m; j++) {
    const w = weights[idx[j]!]!;
    sum += w;
    if (w > maxW) maxW = w;
  }
  if (sum === 0 || total * maxW > SAFE || sum > SAFE) {
    // Rare (amounts near 2^53, or all weights zero): exact BigInt arithmetic, allocating.
    const w = new Array<number>(m);
    for (let j = 0; j < m; j++) w[j] = weights[idx[j]!]!;
    const exact = allocateLargestRemainder(total, w);
    for (let j = 0; j < m; j++) out[j] = exact[j]!;
    return;
  }
  let allocated = 0;
  for (let j = 0; j < m; j++) {
    const exact = total * weights[idx[j]!]!;
    const floor = Math.floor(exact / sum);
    out[j] = floor;
    const r = exact - floor * sum;
    remainders[j] = r;
    selection[j] = r; // a copy the selection below may reorder
    allocated += floor;
  }
  const left = total - allocated; // < m: the fractional parts sum to less than m
  if (left === 0) return;
  if (left === 1) {
    // Common case: one leftover unit, a single scan.
    let best = 0;
    for (let j = 1; j < m; j++) if (remainders[j]! > remainders[best]!) best = j;
    out[best]! += 1;
    return;
  }
  // The `left` first in the order (remainder desc, index asc): everyone above the left-th
  // largest remainder, then as many of those equal to it as are still due, earliest first.
  // The same units a full sort by that order would give, found by a partial selection.
  const cut = nthSmallest(selection, m, m - left);
  let due = left;
  for (let j = 0; j < m; j++) if (remainders[j]! > cut) due--;
  for (let j = 0; j < m; j++) {
    const r = remainders[j]!;
    if (r > cut) out[j]! += 1;
    else if (r === cut && due > 0) {
      out[j]! += 1;
      due--;
    }
  }
}

/**
 * Split `total` over `weights` (non-negative integers, already in canonical order) by largest
 * remainder: floors first, then one unit each to the largest remainders, ties to the earlier
 * index. Sum of weights must be positive. The parts sum to `total`.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  ensureScratch(n);
  for (let i = 0; i < n; i++) active[i] = i;
  const out = new Array<number>(n);
  spread(total, weights, active, n, out);
  return out;
}

/**
 * Split a group discount over its lines: in proportion to `weights` by largest remainder, but
 * no line gets more than its `room` (what it still has to pay). A share above the room is cut
 * to the room and the excess re-spread over the other lines that still have room, the same
 * way, until all is placed. Caller guarantees `total <= sum(room)` and that every line with
 * room has a positive weight (amounts only ever decrease, so room > 0 implies weight > 0).
 * Writes shares[0..m); allocates nothing on the fast path.
 */
export function apportionCappedInto(
  total: number,
  weights: ArrayLike<number>,
  room: ArrayLike<number>,
  m: number,
  shares: Float64Array | number[],
): void {
  ensureScratch(m);
  let count = 0;
  for (let i = 0; i < m; i++) {
    shares[i] = 0;
    if (room[i]! > 0) active[count++] = i;
  }
  let remaining = total;
  while (remaining > 0 && count > 0) {
    spread(remaining, weights, active, count, parts);
    remaining = 0;
    let next = 0;
    for (let j = 0; j < count; j++) {
      const i = active[j]!;
      const free = room[i]! - shares[i]!;
      const part = parts[j]!;
      if (part >= free) {
        shares[i] = shares[i]! + free;
        remaining += part - free;
      } else {
        shares[i] = shares[i]! + part;
        active[next++] = i; // compacting in place: next <= j, so nothing unread is overwritten
      }
    }
    count = next;
  }
  if (remaining > 0) throw new RangeError('group discount exceeds the room of its lines');
}

/** `apportionCappedInto` returning a fresh array (tests, callers off the hot path). */
export function apportionCapped(
  total: number,
  weights: readonly number[],
  room: readonly number[],
): number[] {
  const shares = new Array<number>(weights.length).fill(0);
  apportionCappedInto(total, weights, room, weights.length, shares);
  return shares;
}

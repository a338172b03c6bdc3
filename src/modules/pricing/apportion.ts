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
let parts = new Float64Array(64);
let active = new Int32Array(64);
let heap = new Int32Array(64);

function ensureScratch(n: number): void {
  if (n <= active.length) return;
  let size = active.length;
  while (size < n) size *= 2;
  remainders = new Float64Array(size);
  parts = new Float64Array(size);
  active = new Int32Array(size);
  heap = new Int32Array(size);
}

/**
 * The largest-remainder order: `a` gets a leftover unit before `b` when its remainder is
 * larger, or equal and it comes first. A total order, so "the k first" is well defined and
 * is exactly what sorting by (remainder desc, index asc) and taking k gave before.
 */
function before(a: number, b: number): boolean {
  const ra = remainders[a]!;
  const rb = remainders[b]!;
  return ra > rb || (ra === rb && a < b);
}

/**
 * Binary heap on heap[0..size). With `lastOnTop` the root is the entry that comes last in the
 * largest-remainder order (to keep the k first), otherwise the one that comes first (to keep
 * the k last).
 */
function siftDown(size: number, at: number, lastOnTop: boolean): void {
  const x = heap[at]!;
  let i = at;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    const r = c + 1;
    if (r < size && (lastOnTop ? before(heap[c]!, heap[r]!) : before(heap[r]!, heap[c]!))) c = r;
    if (!(lastOnTop ? before(x, heap[c]!) : before(heap[c]!, x))) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = x;
}

/** heap[0..k) ← the k entries of 0..m that come first (lastOnTop) or last, in O(m log k). */
function selectInto(m: number, k: number, lastOnTop: boolean): void {
  for (let j = 0; j < k; j++) heap[j] = j;
  for (let j = (k >> 1) - 1; j >= 0; j--) siftDown(k, j, lastOnTop);
  for (let j = k; j < m; j++) {
    // With lastOnTop, j displaces the root when j comes before it; otherwise when it comes after.
    if (lastOnTop ? before(j, heap[0]!) : before(heap[0]!, j)) {
      heap[0] = j;
      siftDown(k, 0, lastOnTop);
    }
  }
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
    remainders[j] = exact - floor * sum;
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
  if (left <= m - left) {
    // Keep the `left` first entries: a heap of that size with the last of them on top.
    selectInto(m, left, true);
    for (let j = 0; j < left; j++) out[heap[j]!]! += 1;
  } else {
    // Most entries get a unit: find the m - left that do not, and give it to everyone else.
    const without = m - left;
    selectInto(m, without, false);
    for (let j = 0; j < m; j++) out[j]! += 1;
    for (let j = 0; j < without; j++) out[heap[j]!]! -= 1;
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

import type { CartLine, PromotionScope } from './model';

/**
 * Which lines a promotion covers, without testing every line against every promotion. The
 * cart's lines (in canonical order) are indexed once per pricing call by SKU and by store:
 * each distinct SKU and store gets a small integer id, and the lines of each id are stored
 * contiguously, ascending (a compressed bucket list). A promotion then resolves its scope lists
 * to ids once and touches only the lines in its buckets.
 *
 * One instance is reused across calls (the engine is synchronous and never re-enters itself),
 * so in steady state a pricing call allocates nothing here but the id maps' entries.
 */

interface Buckets {
  /** Key → id, only once there are more than FEW_KEYS keys (below, a scan of `keys` is faster). */
  ids: Map<string, number>;
  /** keys[d]: the SKU or store of id d. */
  keys: string[];
  /** Id of each line's key, by canonical line index. */
  of: Int32Array;
  /** The lines of id d are lines[start[d] .. start[d + 1]), ascending. */
  start: Int32Array;
  lines: Int32Array;
  /** listed[d] === stamp: the promotion being resolved lists id d. */
  listed: Int32Array;
  /** The ids listed, hits[0..count) in the order found. */
  hits: Int32Array;
}

const newBuckets = (cap: number): Buckets => ({
  ids: new Map(),
  keys: [],
  of: new Int32Array(cap),
  start: new Int32Array(cap + 1),
  lines: new Int32Array(cap),
  listed: new Int32Array(cap),
  hits: new Int32Array(cap),
});

/** Up to this many distinct keys, ids are found by scanning `keys` (no hashing, no map). */
const FEW_KEYS = 32;

function idOf(b: Buckets, key: string): number | undefined {
  const keys = b.keys;
  if (keys.length > FEW_KEYS) return b.ids.get(key);
  for (let d = 0; d < keys.length; d++) if (keys[d] === key) return d;
  return undefined;
}

// A scope list as a set, built once per list: the same promotion objects price many carts.
const listSets = new WeakMap<readonly string[], Set<string>>();
function setOf(list: readonly string[]): Set<string> {
  let set = listSets.get(list);
  if (!set) {
    set = new Set(list);
    listSets.set(list, set);
  }
  return set;
}

/**
 * Marks in `listed` (with `stamp`) the ids of `list` present in the cart and records them in
 * `hits`; returns how many. Walks whichever is shorter: the list (a map lookup per entry) or
 * the cart's distinct keys (a set lookup per key).
 */
function markListed(
  b: Buckets,
  list: readonly string[],
  stamp: number,
  listed: Int32Array,
  hits: Int32Array,
): number {
  let count = 0;
  if (list.length <= b.keys.length) {
    for (const s of list) {
      const d = idOf(b, s);
      if (d !== undefined && listed[d] !== stamp) {
        listed[d] = stamp;
        hits[count++] = d;
      }
    }
  } else {
    const set = setOf(list);
    for (let d = 0; d < b.keys.length; d++) {
      if (set.has(b.keys[d]!)) {
        listed[d] = stamp;
        hits[count++] = d;
      }
    }
  }
  return count;
}

export class LineIndex {
  private cap = 0;
  private n = 0;
  private sku: Buckets = newBuckets(0);
  private store: Buckets = newBuckets(0);
  /** excluded[d] === stamp: the promotion being resolved excludes SKU id d. */
  private excluded = new Int32Array(0);
  private excludedHits = new Int32Array(0);
  private cursor = new Int32Array(0);
  private stamp = 0;
  // Filters of the promotion being resolved, beyond the buckets walked.
  private checkExcluded = false;
  private checkSku = false;
  private checkStore = false;
  /** The covered lines of the last `collect`, ascending: covered[0..count). */
  covered = new Int32Array(0);
  /**
   * When the last `collect` covered whole stores (the promotion narrows by stores only), their
   * store ids ascending: wholeStores[0..wholeStoreCount); else wholeStoreCount is 0.
   */
  wholeStores = new Int32Array(0);
  wholeStoreCount = 0;

  /** Index `lines` (canonical order). */
  reset(lines: readonly CartLine[]): void {
    const n = lines.length;
    if (n > this.cap) this.grow(n);
    this.n = n;
    this.fill(this.sku, lines, true);
    this.fill(this.store, lines, false);
  }

  /** Store id of canonical line k (ids follow first appearance in canonical order). */
  storeOf(k: number): number {
    return this.store.of[k]!;
  }

  /** The lines of store id d are storeLines[storeStart(d) .. storeStart(d + 1)), ascending. */
  get storeLines(): Int32Array {
    return this.store.lines;
  }

  storeStart(d: number): number {
    return this.store.start[d]!;
  }

  /** Fills `covered` with the lines `p` covers, ascending; returns how many. */
  collect(p: PromotionScope): number {
    const stamp = this.nextStamp();
    this.wholeStoreCount = 0;
    const { sku, store } = this;
    const skuHits = p.skus !== undefined ? markListed(sku, p.skus, stamp, sku.listed, sku.hits) : -1;
    const storeHits =
      p.stores !== undefined ? markListed(store, p.stores, stamp, store.listed, store.hits) : -1;
    if (skuHits === 0 || storeHits === 0) return 0;
    this.checkExcluded =
      p.excludeSkus !== undefined &&
      markListed(sku, p.excludeSkus, stamp, this.excluded, this.excludedHits) > 0;
    // Walk the buckets of the narrower scope given (fewer lines); filter by the other.
    let driver: Buckets | undefined;
    let hits = 0;
    if (skuHits > 0 && (storeHits < 0 || linesIn(sku, skuHits) <= linesIn(store, storeHits))) {
      driver = sku;
      hits = skuHits;
    } else if (storeHits > 0) {
      driver = store;
      hits = storeHits;
    }
    this.checkSku = skuHits > 0 && driver !== sku;
    this.checkStore = storeHits > 0 && driver !== store;
    this.noteWholeStores(driver, hits);
    const out = this.covered;
    let count = 0;
    if (driver === undefined) {
      for (let k = 0; k < this.n; k++) if (this.keeps(k, stamp)) out[count++] = k;
      return count;
    }
    if (hits === 1) {
      // One bucket: already ascending.
      const d = driver.hits[0]!;
      for (let i = driver.start[d]!; i < driver.start[d + 1]!; i++) {
        const k = driver.lines[i]!;
        if (this.keeps(k, stamp)) out[count++] = k;
      }
      return count;
    }
    const lines = linesIn(driver, hits);
    if (lines * (32 - Math.clz32(lines)) < this.n) {
      // Fewer lines than the cart by more than a log factor: gather them and sort (a typed
      // array's sort is numeric) rather than read every line of the cart.
      for (let h = 0; h < hits; h++) {
        const d = driver.hits[h]!;
        for (let i = driver.start[d]!; i < driver.start[d + 1]!; i++) {
          const k = driver.lines[i]!;
          if (this.keeps(k, stamp)) out[count++] = k;
        }
      }
      sortAscending(out, count);
      return count;
    }
    // Many buckets, many lines: read the lines back in order, one integer test each.
    const { of, listed } = driver;
    for (let k = 0; k < this.n; k++) if (listed[of[k]!] === stamp && this.keeps(k, stamp)) out[count++] = k;
    return count;
  }

  private noteWholeStores(driver: Buckets | undefined, hits: number): void {
    this.wholeStoreCount = 0;
    if (this.checkExcluded || this.checkSku) return;
    const ids = this.wholeStores;
    if (driver === undefined) {
      const m = this.store.keys.length;
      for (let d = 0; d < m; d++) ids[d] = d;
      this.wholeStoreCount = m;
    } else if (driver === this.store) {
      const found = this.store.hits;
      for (let h = 0; h < hits; h++) ids[h] = found[h]!;
      sortAscending(ids, hits);
      this.wholeStoreCount = hits;
    }
  }

  private keeps(k: number, stamp: number): boolean {
    if (this.checkExcluded && this.excluded[this.sku.of[k]!] === stamp) return false;
    if (this.checkSku && this.sku.listed[this.sku.of[k]!] !== stamp) return false;
    if (this.checkStore && this.store.listed[this.store.of[k]!] !== stamp) return false;
    return true;
  }

  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.stamp = 0;
      this.sku.listed.fill(0);
      this.store.listed.fill(0);
      this.excluded.fill(0);
    }
    return ++this.stamp;
  }

  private grow(n: number): void {
    let cap = Math.max(16, this.cap);
    while (cap < n) cap *= 2;
    this.cap = cap;
    this.sku = newBuckets(cap);
    this.store = newBuckets(cap);
    this.excluded = new Int32Array(cap);
    this.excludedHits = new Int32Array(cap);
    this.cursor = new Int32Array(cap);
    this.covered = new Int32Array(cap);
    this.wholeStores = new Int32Array(cap);
    this.stamp = 0;
  }

  /** Counting sort of the lines by key id: stable, so each bucket stays ascending. */
  private fill(b: Buckets, lines: readonly CartLine[], bySku: boolean): void {
    const { ids, keys, of, start } = b;
    const n = this.n;
    if (keys.length > FEW_KEYS) ids.clear();
    keys.length = 0;
    for (let k = 0; k < n; k++) {
      const line = lines[k]!;
      const s = bySku ? line.sku : line.store;
      let d = idOf(b, s);
      if (d === undefined) {
        d = keys.length;
        keys.push(s);
        if (d === FEW_KEYS) for (let e = 0; e <= d; e++) ids.set(keys[e]!, e);
        else if (d > FEW_KEYS) ids.set(s, d);
        start[d + 1] = 0;
      }
      of[k] = d;
      start[d + 1]! += 1;
    }
    const m = keys.length;
    start[0] = 0;
    for (let d = 0; d < m; d++) start[d + 1]! += start[d]!;
    const cursor = this.cursor;
    for (let d = 0; d < m; d++) cursor[d] = start[d]!;
    for (let k = 0; k < n; k++) {
      const d = of[k]!;
      b.lines[cursor[d]!] = k;
      cursor[d]! += 1;
    }
  }
}

function linesIn(b: Buckets, hits: number): number {
  let total = 0;
  for (let h = 0; h < hits; h++) {
    const d = b.hits[h]!;
    total += b.start[d + 1]! - b.start[d]!;
  }
  return total;
}

function sortAscending(a: Int32Array, n: number): void {
  if (n > 16) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

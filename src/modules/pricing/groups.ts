import type { LineIndex } from './line-index';

/**
 * The groups a group promotion is judged on, from the lines it covers: one group of them all
 * (cross-store, platform, coupons, the allowance), or one per store (a store-layer promotion:
 * 店铺满减, each store's lines against its own threshold). Group g is
 * lines[starts[g] .. ends[g]), lines ascending within a group, groups in order of their first
 * line (as the engine before issue 14 made them). Buffers are reused across calls.
 */
export class Groups {
  /** The covered lines, the index's store buckets, or `grouped` (covered lines split by store). */
  lines: Int32Array = new Int32Array(0);
  starts = new Int32Array(0);
  ends = new Int32Array(0);
  private grouped = new Int32Array(0);
  private storeGroup = new Int32Array(0);
  private storeStamp = new Int32Array(0);
  private stamp = 0;

  constructor(private readonly index: LineIndex) {}

  grow(cap: number): void {
    this.grouped = new Int32Array(cap);
    this.starts = new Int32Array(cap + 1);
    this.ends = new Int32Array(cap + 1);
    this.storeGroup = new Int32Array(cap);
    this.storeStamp = new Int32Array(cap);
    this.stamp = 0;
  }

  /** The `count` covered lines of the index's last collect as one group; returns 1. */
  all(count: number): number {
    this.lines = this.index.covered;
    this.starts[0] = 0;
    this.ends[0] = count;
    return 1;
  }

  /** The `count` covered lines grouped by store (a stable counting sort); returns how many groups. */
  byStore(count: number): number {
    const { storeGroup, storeStamp, starts, ends, grouped, index } = this;
    const whole = index.wholeStoreCount;
    if (whole === 1) return this.all(count);
    if (whole > 0) {
      // The covered lines are whole stores: the groups are the index's store buckets, in store
      // id order, which is the order of each store's first line.
      this.lines = index.storeLines;
      for (let g = 0; g < whole; g++) {
        const d = index.wholeStores[g]!;
        starts[g] = index.storeStart(d);
        ends[g] = index.storeStart(d + 1);
      }
      return whole;
    }
    const covered = index.covered;
    const stamp = ++this.stamp;
    let groups = 0;
    for (let c = 0; c < count; c++) {
      const s = index.storeOf(covered[c]!);
      if (storeStamp[s] !== stamp) {
        storeStamp[s] = stamp;
        storeGroup[s] = groups;
        ends[groups++] = 0;
      }
      ends[storeGroup[s]!]! += 1;
    }
    if (groups === 1) return this.all(count);
    this.lines = grouped;
    // ends[g] ← where group g starts, then advanced past each line placed: its end.
    let at = 0;
    for (let g = 0; g < groups; g++) {
      const size = ends[g]!;
      starts[g] = at;
      ends[g] = at;
      at += size;
    }
    for (let c = 0; c < count; c++) {
      const k = covered[c]!;
      const g = storeGroup[index.storeOf(k)]!;
      grouped[ends[g]!] = k;
      ends[g]! += 1;
    }
    return groups;
  }
}

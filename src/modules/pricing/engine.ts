import { apportionCappedInto } from './apportion';
import { Groups } from './groups';
import { LineIndex } from './line-index';
import { canonicalOrder, epochMs, holds } from './lookups';
import type {
  Adjustment,
  AppliedPromotion,
  CartLine,
  GroupPromotion,
  Hint,
  ItemPromotion,
  LayerName,
  NotApplied,
  PricedCart,
  PricedLine,
  Scenario,
} from './model';
import { DEFAULT_LAYERS, LAYERS } from './model';
import { type GroupRule, type ItemRule, type LineView, ruleOf } from './promotion-types';

/**
 * The layered pricing engine: pure, no I/O, the clock is `scenario.now`. It trusts its input
 * (validate at the edge with parseScenario); nothing here parses with zod.
 *
 * Order independence: internally every line is kept in canonical order (by line id, plain
 * code-unit comparison), and group discounts are apportioned in that order, so largest-
 * remainder ties go to the earlier line in line-id order, whatever order the cart came in.
 * The result lists lines in input order.
 *
 * Performance (issue 14): the results are bit-identical to the engine before it
 * (reference/engine-v1.ts, checked on random carts by engine.equivalence.test.ts), but a call
 * works in buffers reused across calls instead of arrays and closures made per call; lines
 * are indexed by SKU and store once per call (line-index.ts) instead of every line being
 * tested against every promotion, and split into per-store groups from that index
 * (groups.ts); only the layers some threshold is judged on are snapshotted; and the leftover
 * fen go out by a partial selection (apportion.ts).
 */

/**
 * One pricing call's state, in buffers that only grow and are reused by the next call
 * (doubles hold every integer below 2^53 exactly, as the number[] arrays before did).
 */
class Pricer {
  private cap = 0;
  private subtotal = new Float64Array(0);
  private running = new Float64Array(0);
  /** What a line can never go below: 0, or on presale lines the deposit already paid. */
  private floor = new Float64Array(0);
  /** The deposit of a presale line, −1 on other lines. */
  private deposit = new Float64Array(0);
  /** Amounts at the end of each layer (by index in LAYERS), kept only when a threshold uses them. */
  private snapshots: Float64Array[] = [];
  // A group's weights, room and shares (the apportionment's input and output).
  private weights = new Float64Array(0);
  private room = new Float64Array(0);
  private shares = new Float64Array(0);
  private readonly index = new LineIndex();
  private readonly groups = new Groups(this.index);
  /** The one object item rules see a line through (they only read it). */
  private readonly view: LineView = { unitPrice: 0, quantity: 0, running: 0 };

  private lines: readonly CartLine[] = [];
  private adjustments: (Adjustment[] | undefined)[] = [];
  private applied: AppliedPromotion[] = [];
  private notApplied: NotApplied[] = [];
  private hints: Hint[] = [];
  private allowanceLeft = 0;
  /** Bit i: layer LAYERS[i] has been priced (its snapshot, if kept, is valid). */
  private done = 0;

  price(scenario: Scenario): PricedCart {
    const now = epochMs(scenario.now);
    const layers = scenario.layers ?? DEFAULT_LAYERS;
    const input = scenario.lines;
    const n = input.length;
    if (n > this.cap) this.grow(n);

    const order = canonicalOrder(input);
    const lines = order === null ? input : order.map((i) => input[i]!);
    this.lines = lines;
    const { subtotal, running, floor, deposit } = this;
    for (let k = 0; k < n; k++) {
      const l = lines[k]!;
      const s = l.unitPrice * l.quantity;
      subtotal[k] = s;
      running[k] = s;
      floor[k] = 0;
      deposit[k] = -1;
    }
    this.adjustments = new Array(n);
    this.applied = [];
    this.notApplied = [];
    this.hints = [];
    this.allowanceLeft = scenario.customer.allowanceBalance ?? 0;
    this.done = 0;
    this.index.reset(lines);

    // Which layers some group promotion judges its threshold on: only those are snapshotted.
    let keep = 0;
    for (const p of scenario.promotions) {
      const b = (p as GroupPromotion).thresholdBase;
      if (b !== undefined && b !== 'list') keep |= 1 << LAYERS.indexOf(b as LayerName);
    }

    const coupons = scenario.customer.coupons;
    const { notApplied } = this;
    for (const layer of layers) {
      for (const p of scenario.promotions) {
        if (p.layer !== layer) continue;
        if (p.startsAt !== undefined && now < epochMs(p.startsAt)) {
          notApplied.push({ promotion: p.id, reason: 'NOT_STARTED' });
          continue;
        }
        if (p.endsAt !== undefined && now >= epochMs(p.endsAt)) {
          notApplied.push({ promotion: p.id, reason: 'EXPIRED' });
          continue;
        }
        const rule = ruleOf(p);
        if (rule.kind === 'group' && rule.coupon && !holds(coupons, p.id)) {
          notApplied.push({ promotion: p.id, reason: 'NOT_HELD' });
          continue;
        }
        const count = this.index.collect(p);
        if (count === 0) {
          notApplied.push({ promotion: p.id, reason: 'NOT_ELIGIBLE' });
          continue;
        }
        if (rule.kind === 'item') this.applyItem(p as ItemPromotion, rule, layer, count);
        else this.applyGroup(p as GroupPromotion, rule, layer, count);
      }
      const li = LAYERS.indexOf(layer);
      if (li >= 0) {
        if (keep & (1 << li)) this.snapshot(li, n);
        this.done |= 1 << li;
      }
    }
    for (const p of scenario.promotions) {
      if (!layers.includes(p.layer)) notApplied.push({ promotion: p.id, reason: 'LAYER_NOT_ACTIVE' });
    }
    return this.result(scenario.currency, order, n);
  }

  private applyItem(p: ItemPromotion, rule: ItemRule, layer: LayerName, count: number): void {
    const { running, floor, deposit, view, lines } = this;
    const covered = this.index.covered;
    const isPresale = p.type === 'presale';
    let total = 0;
    let eligible = 0;
    for (let c = 0; c < count; c++) {
      const k = covered[c]!;
      if (isPresale && deposit[k]! >= 0) continue; // one presale per line
      eligible++;
      const line = lines[k]!;
      view.unitPrice = line.unitPrice;
      view.quantity = line.quantity;
      view.running = running[k]!;
      let d = Math.min(rule.lineDiscount(p as never, view), running[k]! - floor[k]!);
      if (d < 0) d = 0;
      if (isPresale) {
        const dep = Math.min(p.deposit * line.quantity, running[k]!);
        deposit[k] = dep;
        floor[k] = dep;
      }
      if (d > 0) {
        running[k] = running[k]! - d;
        this.adjust(k, p.id, layer, d);
        total += d;
      }
    }
    if (eligible === 0) this.notApplied.push({ promotion: p.id, reason: 'NOT_ELIGIBLE' });
    else if (total === 0) this.notApplied.push({ promotion: p.id, reason: 'NO_DISCOUNT' });
    else this.applied.push({ promotion: p.id, layer, amount: total });
  }

  /**
   * A store-layer promotion is judged per store (店铺满减: each store's lines against its own
   * threshold), even when it names several stores; a cross-store or platform one pools every
   * line it covers. Coupons and the allowance pool everywhere: one coupon is one use.
   */
  private applyGroup(p: GroupPromotion, rule: GroupRule, layer: LayerName, count: number): void {
    const { groups } = this;
    const n = layer !== 'store' || rule.coupon || rule.allowance ? groups.all(count) : groups.byStore(count);
    const base = this.baseOf(p);
    let total = 0;
    let missed: { reason: NotApplied['reason']; shortBy?: number } | undefined;
    for (let g = 0; g < n; g++) {
      const off = this.discountGroup(p, rule, layer, base, groups.starts[g]!, groups.ends[g]!);
      if (off >= 0) {
        total += off;
        continue;
      }
      // Report the miss closest to qualifying: the smallest amount still missing.
      const o = this.miss;
      if (!missed || (o.shortBy ?? Number.POSITIVE_INFINITY) < (missed.shortBy ?? Number.POSITIVE_INFINITY))
        missed = o.shortBy === undefined ? { reason: o.reason } : { reason: o.reason, shortBy: o.shortBy };
    }
    if (total > 0) this.applied.push({ promotion: p.id, layer, amount: total });
    else if (missed)
      this.notApplied.push(
        missed.shortBy === undefined
          ? { promotion: p.id, reason: missed.reason }
          : { promotion: p.id, reason: missed.reason, shortBy: missed.shortBy },
      );
  }

  /** Why the last discountGroup that returned −1 did not discount. */
  private miss: { reason: NotApplied['reason']; shortBy?: number } = { reason: 'NO_DISCOUNT' };

  /**
   * Judges the group groups.lines[start..end) and, when it qualifies, apportions the discount.
   * Returns the discount, or −1 with the reason in `miss`.
   */
  private discountGroup(
    p: GroupPromotion,
    rule: GroupRule,
    layer: LayerName,
    base: Float64Array,
    start: number,
    end: number,
  ): number {
    const { running, floor, weights, room, shares } = this;
    const grouped = this.groups.lines;
    let baseSum = 0;
    let runningSum = 0;
    let roomSum = 0;
    // Sums for the rule, and the apportionment's inputs on the way (used if it qualifies).
    for (let j = start; j < end; j++) {
      const k = grouped[j]!;
      const b = base[k]!;
      const r = running[k]!;
      const free = r - floor[k]!;
      baseSum += b;
      runningSum += r;
      roomSum += free;
      weights[j - start] = b;
      room[j - start] = free;
    }
    const outcome = rule.evaluate(p as never, baseSum, runningSum, this.allowanceLeft);
    if ('reason' in outcome) {
      if (outcome.reason !== 'THRESHOLD_NOT_MET') {
        this.miss = { reason: outcome.reason };
        return -1;
      }
      this.miss = { reason: outcome.reason, shortBy: outcome.shortBy };
      if (outcome.hint) this.hint(p.id, outcome.hint);
      return -1;
    }
    // A group never gets more discount than it still has to pay (and then gives no hint).
    const total = Math.min(outcome.off, roomSum);
    if (total <= 0) {
      this.miss = { reason: 'NO_DISCOUNT' };
      return -1;
    }
    const m = end - start;
    apportionCappedInto(total, weights, room, m, shares);
    for (let j = 0; j < m; j++) {
      const s = shares[j]!;
      if (s === 0) continue;
      const k = grouped[start + j]!;
      running[k] = running[k]! - s;
      this.adjust(k, p.id, layer, s);
    }
    if (rule.allowance) this.allowanceLeft -= total;
    if (outcome.hint) this.hint(p.id, outcome.hint);
    return total;
  }

  /** The same object (and key order) as `{ promotion, ...hint }`, without the spread's cost. */
  private hint(promotion: string, h: Omit<Hint, 'promotion'>): void {
    this.hints.push({ promotion, nextThreshold: h.nextThreshold, shortBy: h.shortBy, extraOff: h.extraOff });
  }

  /** The amounts a group promotion's threshold is judged on. */
  private baseOf(p: GroupPromotion): Float64Array {
    const b = p.thresholdBase;
    if (b === undefined) return this.running;
    if (b === 'list') return this.subtotal;
    const li = LAYERS.indexOf(b);
    if (li < 0 || !(this.done & (1 << li)))
      throw new RangeError(`${p.id}: thresholdBase ${b} is not an earlier layer`);
    return this.snapshots[li]!;
  }

  private snapshot(li: number, n: number): void {
    let s = this.snapshots[li];
    if (!s || s.length < this.cap) s = this.snapshots[li] = new Float64Array(this.cap);
    const running = this.running;
    for (let k = 0; k < n; k++) s[k] = running[k]!;
  }

  private adjust(k: number, promotion: string, layer: LayerName, amount: number): void {
    const a: Adjustment = { promotion, layer, amount };
    const list = this.adjustments[k];
    if (list) list.push(a);
    else this.adjustments[k] = [a];
  }

  /** The priced cart, lines back in input order. */
  private result(currency: string, order: number[] | null, n: number): PricedCart {
    const { lines, subtotal, running, deposit, adjustments } = this;
    const out = new Array<PricedLine>(n);
    let cartSubtotal = 0;
    let cartTotal = 0;
    for (let k = 0; k < n; k++) {
      const id = lines[k]!.id;
      const sub = subtotal[k]!;
      const total = running[k]!;
      const dep = deposit[k]!;
      const adj = adjustments[k] ?? [];
      const line: PricedLine =
        dep >= 0
          ? {
              id,
              subtotal: sub,
              discount: sub - total,
              total,
              deposit: dep,
              balance: total - dep,
              adjustments: adj,
            }
          : { id, subtotal: sub, discount: sub - total, total, adjustments: adj };
      out[order === null ? k : order[k]!] = line;
      cartSubtotal += sub;
      cartTotal += total;
    }
    const cart: PricedCart = {
      currency,
      subtotal: cartSubtotal,
      discount: cartSubtotal - cartTotal,
      total: cartTotal,
      lines: out,
      applied: this.applied,
      notApplied: this.notApplied,
      hints: this.hints,
    };
    // Let go of the caller's objects: the buffers are kept, the scenario is not.
    this.lines = [];
    this.adjustments = [];
    this.applied = [];
    this.notApplied = [];
    this.hints = [];
    return cart;
  }

  private grow(n: number): void {
    let cap = Math.max(16, this.cap);
    while (cap < n) cap *= 2;
    this.cap = cap;
    this.subtotal = new Float64Array(cap);
    this.running = new Float64Array(cap);
    this.floor = new Float64Array(cap);
    this.deposit = new Float64Array(cap);
    this.snapshots = [];
    this.groups.grow(cap);
    this.weights = new Float64Array(cap);
    this.room = new Float64Array(cap);
    this.shares = new Float64Array(cap);
  }
}

/** Carts above this many lines are priced in buffers of their own, not kept afterwards. */
const RETAINED_LINES = 4096;
const shared = new Pricer();

export function priceCart(scenario: Scenario): PricedCart {
  return scenario.lines.length > RETAINED_LINES ? new Pricer().price(scenario) : shared.price(scenario);
}

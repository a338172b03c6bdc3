/**
 * FROZEN REFERENCE, test and bench only: the pricing engine as it was before issue 14's
 * rewrite (commit 39ce1dc), kept byte-for-byte apart from its import paths and its name.
 * It exists so that engine.property.test.ts can check, on thousands of random carts, that
 * the optimised engine (../engine.ts) gives bit-identical results, and so that
 * bench/pricing.ts can print the old engine's figures next to the new one's in the same run.
 * Do not optimise or "fix" it: its whole value is that it does not change. Its promotion
 * rules and apportionment are frozen copies too (./promotion-types-v1.ts, ./apportion-v1.ts).
 */

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
  Promotion,
  Scenario,
  ThresholdBase,
} from '../model';
import { DEFAULT_LAYERS } from '../model';
import { apportionCapped } from './apportion-v1';
import { type GroupRule, type ItemRule, ruleOf } from './promotion-types-v1';

/**
 * The layered pricing engine: pure, no I/O, the clock is `scenario.now`. It trusts its input
 * (validate at the edge with parseScenario); nothing here parses with zod.
 *
 * Order independence: internally every line is kept in canonical order (by line id, plain
 * code-unit comparison), and group discounts are apportioned in that order, so largest-
 * remainder ties go to the earlier line in line-id order, whatever order the cart came in.
 * The result lists lines in input order.
 */

// ISO strings repeat across calls (the same promotions price many carts): parse each once.
const timeCache = new Map<string, number>();
function epochMs(iso: string): number {
  let t = timeCache.get(iso);
  if (t === undefined) {
    t = Date.parse(iso);
    if (Number.isNaN(t)) throw new RangeError(`not an ISO 8601 date-time: ${iso}`);
    if (timeCache.size > 4096) timeCache.clear();
    timeCache.set(iso, t);
  }
  return t;
}

// Scope lists as sets, so a check costs the same for a list of 3 or of 100 (the quote's cap):
// with includes() a capped worst case scanned lines × promotions × entries. Keyed by the list
// itself, which the same promotions share across the carts they price.
const scopeSets = new WeakMap<readonly string[], Set<string>>();
function inList(list: readonly string[], value: string): boolean {
  if (list.length <= 8) return list.includes(value);
  let set = scopeSets.get(list);
  if (!set) {
    set = new Set(list);
    scopeSets.set(list, set);
  }
  return set.has(value);
}

function covers(p: Promotion, line: CartLine): boolean {
  if (p.skus !== undefined && !inList(p.skus, line.sku)) return false;
  if (p.stores !== undefined && !inList(p.stores, line.store)) return false;
  if (p.excludeSkus !== undefined && inList(p.excludeSkus, line.sku)) return false;
  return true;
}

export function priceCartV1(scenario: Scenario): PricedCart {
  const now = epochMs(scenario.now);
  const layers = scenario.layers ?? DEFAULT_LAYERS;
  const input = scenario.lines;
  const n = input.length;

  // Canonical order: k-th line by id. pos[i] = canonical index of input line i.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const x = input[a]!.id;
    const y = input[b]!.id;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const lines = order.map((i) => input[i]!);
  const subtotal = lines.map((l) => l.unitPrice * l.quantity);
  const running = subtotal.slice();
  /** What a line can never go below: 0, or on presale lines the deposit already paid. */
  const floor = new Array<number>(n).fill(0);
  const deposit = new Array<number>(n).fill(-1);
  const adjustments: Adjustment[][] = lines.map(() => []);

  const snapshots = new Map<ThresholdBase, number[]>([['list', subtotal]]);
  const held = new Set(scenario.customer.coupons ?? []);
  let allowanceLeft = scenario.customer.allowanceBalance ?? 0;

  const applied: AppliedPromotion[] = [];
  const notApplied: NotApplied[] = [];
  const hints: Hint[] = [];

  const covered: number[] = [];
  const collectCovered = (p: Promotion) => {
    covered.length = 0;
    for (let k = 0; k < n; k++) if (covers(p, lines[k]!)) covered.push(k);
  };

  const applyItem = (p: ItemPromotion, rule: ItemRule, layer: LayerName) => {
    const isPresale = p.type === 'presale';
    let total = 0;
    let eligible = 0;
    for (const k of covered) {
      if (isPresale && deposit[k]! >= 0) continue; // one presale per line
      eligible++;
      const line = lines[k]!;
      const view = { unitPrice: line.unitPrice, quantity: line.quantity, running: running[k]! };
      let d = Math.min(rule.lineDiscount(p as never, view), running[k]! - floor[k]!);
      if (d < 0) d = 0;
      if (isPresale) {
        const dep = Math.min(p.deposit * line.quantity, running[k]!);
        deposit[k] = dep;
        floor[k] = dep;
      }
      if (d > 0) {
        running[k]! -= d;
        adjustments[k]!.push({ promotion: p.id, layer, amount: d });
        total += d;
      }
    }
    if (eligible === 0) notApplied.push({ promotion: p.id, reason: 'NOT_ELIGIBLE' });
    else if (total === 0) notApplied.push({ promotion: p.id, reason: 'NO_DISCOUNT' });
    else applied.push({ promotion: p.id, layer, amount: total });
  };

  type GroupResult =
    | { total: number; hint?: Hint }
    | { reason: NotApplied['reason']; shortBy?: number; hint?: Hint };

  /** Judges one group of lines (indices into `lines`) and, when it qualifies, apportions the discount. */
  const discountGroup = (
    p: GroupPromotion,
    rule: GroupRule,
    layer: LayerName,
    idx: readonly number[],
  ): GroupResult => {
    let base: number[] = running;
    if (p.thresholdBase !== undefined) {
      const snap = snapshots.get(p.thresholdBase);
      if (!snap) throw new RangeError(`${p.id}: thresholdBase ${p.thresholdBase} is not an earlier layer`);
      base = snap;
    }
    let baseSum = 0;
    let runningSum = 0;
    let roomSum = 0;
    for (const k of idx) {
      baseSum += base[k]!;
      runningSum += running[k]!;
      roomSum += running[k]! - floor[k]!;
    }
    const outcome = rule.evaluate(p as never, baseSum, runningSum, allowanceLeft);
    const hint = 'hint' in outcome && outcome.hint ? { promotion: p.id, ...outcome.hint } : undefined;
    if ('reason' in outcome)
      return outcome.reason === 'THRESHOLD_NOT_MET'
        ? { reason: outcome.reason, shortBy: outcome.shortBy, hint }
        : { reason: outcome.reason };
    // A group never gets more discount than it still has to pay.
    const total = Math.min(outcome.off, roomSum);
    if (total <= 0) return { reason: 'NO_DISCOUNT' };
    const m = idx.length;
    const weights = new Array<number>(m);
    const room = new Array<number>(m);
    for (let j = 0; j < m; j++) {
      const k = idx[j]!;
      weights[j] = base[k]!;
      room[j] = running[k]! - floor[k]!;
    }
    const shares = apportionCapped(total, weights, room);
    for (let j = 0; j < m; j++) {
      const s = shares[j]!;
      if (s === 0) continue;
      const k = idx[j]!;
      running[k]! -= s;
      adjustments[k]!.push({ promotion: p.id, layer, amount: s });
    }
    if (rule.allowance) allowanceLeft -= total;
    return { total, hint };
  };

  /**
   * A store-layer promotion is judged per store (店铺满减: each store's lines against its own
   * threshold), even when it names several stores; a cross-store or platform one pools every
   * line it covers. Coupons and the allowance pool everywhere: one coupon is one use.
   */
  const groupsOf = (rule: GroupRule, layer: LayerName): number[][] => {
    if (layer !== 'store' || rule.coupon || rule.allowance) return [covered.slice()];
    const byStore = new Map<string, number[]>();
    for (const k of covered) {
      const store = lines[k]!.store;
      const group = byStore.get(store);
      if (group) group.push(k);
      else byStore.set(store, [k]);
    }
    return [...byStore.values()];
  };

  const applyGroup = (p: GroupPromotion, rule: GroupRule, layer: LayerName) => {
    let total = 0;
    let missed: { reason: NotApplied['reason']; shortBy?: number } | undefined;
    for (const idx of groupsOf(rule, layer)) {
      const outcome = discountGroup(p, rule, layer, idx);
      if (outcome.hint) hints.push(outcome.hint);
      if ('total' in outcome) total += outcome.total;
      // Report the miss closest to qualifying: the smallest amount still missing.
      else if (
        !missed ||
        (outcome.shortBy ?? Number.POSITIVE_INFINITY) < (missed.shortBy ?? Number.POSITIVE_INFINITY)
      )
        missed =
          outcome.shortBy === undefined
            ? { reason: outcome.reason }
            : { reason: outcome.reason, shortBy: outcome.shortBy };
    }
    if (total > 0) applied.push({ promotion: p.id, layer, amount: total });
    else if (missed) notApplied.push({ promotion: p.id, ...missed });
  };

  const active = new Set<LayerName>(layers);
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
      if (rule.kind === 'group' && rule.coupon && !held.has(p.id)) {
        notApplied.push({ promotion: p.id, reason: 'NOT_HELD' });
        continue;
      }
      collectCovered(p);
      if (covered.length === 0) {
        notApplied.push({ promotion: p.id, reason: 'NOT_ELIGIBLE' });
        continue;
      }
      if (rule.kind === 'item') applyItem(p as ItemPromotion, rule, layer);
      else applyGroup(p as GroupPromotion, rule, layer);
    }
    snapshots.set(layer, running.slice());
  }
  for (const p of scenario.promotions) {
    if (!active.has(p.layer)) notApplied.push({ promotion: p.id, reason: 'LAYER_NOT_ACTIVE' });
  }

  // Back to input order.
  const out = new Array<PricedLine>(n);
  let cartSubtotal = 0;
  let cartTotal = 0;
  for (let k = 0; k < n; k++) {
    const id = lines[k]!.id;
    const sub = subtotal[k]!;
    const total = running[k]!;
    const dep = deposit[k]!;
    const line: PricedLine =
      dep >= 0
        ? {
            id,
            subtotal: sub,
            discount: sub - total,
            total,
            deposit: dep,
            balance: total - dep,
            adjustments: adjustments[k]!,
          }
        : { id, subtotal: sub, discount: sub - total, total, adjustments: adjustments[k]! };
    out[order[k]!] = line;
    cartSubtotal += subtotal[k]!;
    cartTotal += running[k]!;
  }
  return {
    currency: scenario.currency,
    subtotal: cartSubtotal,
    discount: cartSubtotal - cartTotal,
    total: cartTotal,
    lines: out,
    applied,
    notApplied,
    hints,
  };
}

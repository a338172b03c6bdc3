import type { LayerName, PricedCart } from '../pricing';

/**
 * Who pays for each discount. By default the merchant funds what it controls (its campaign
 * price, its store promotions and the cross-store discount it committed to at enrollment), and
 * the platform funds platform coupons and the shopping allowance. A campaign may override this
 * per promotion (e.g. a platform-subsidised cross-store discount).
 */
export type Funder = 'merchant' | 'platform';

export const DEFAULT_FUNDER: Record<LayerName, Funder> = {
  item: 'merchant',
  store: 'merchant',
  cross_store: 'merchant',
  platform: 'platform',
};

export interface FundedAdjustment {
  promotion: string;
  layer: LayerName;
  amount: number;
  fundedBy: Funder;
}

export interface LineInput {
  id: string;
  sku: string;
  store: string;
  unitPrice: number;
  quantity: number;
}

export interface SplitLine extends LineInput {
  subtotal: number;
  discount: number;
  total: number;
  merchantFunded: number;
  platformFunded: number;
  deposit: number | null;
  balance: number | null;
  adjustments: FundedAdjustment[];
}

export interface SubOrderDraft {
  store: string;
  subtotal: number;
  discount: number;
  total: number;
  merchantFunded: number;
  platformFunded: number;
  lines: SplitLine[];
}

/**
 * Splits a priced cart into one sub-order per store (拆单), in first-appearance order, each line
 * carrying its apportioned adjustments and who funds each. Sums are exact by construction:
 * the engine's line totals already sum to the cart total.
 */
export function splitByStore(
  lines: readonly LineInput[],
  priced: PricedCart,
  funderOverrides: Readonly<Record<string, Funder>> = {},
): SubOrderDraft[] {
  const pricedById = new Map(priced.lines.map((l) => [l.id, l]));
  const byStore = new Map<string, SubOrderDraft>();
  for (const line of lines) {
    const p = pricedById.get(line.id);
    if (!p) throw new Error(`line ${line.id} missing from the priced cart`);
    const adjustments = p.adjustments.map((a) => ({
      ...a,
      fundedBy: funderOverrides[a.promotion] ?? DEFAULT_FUNDER[a.layer],
    }));
    const merchantFunded = adjustments
      .filter((a) => a.fundedBy === 'merchant')
      .reduce((s, a) => s + a.amount, 0);
    const split: SplitLine = {
      ...line,
      subtotal: p.subtotal,
      discount: p.discount,
      total: p.total,
      merchantFunded,
      platformFunded: p.discount - merchantFunded,
      deposit: p.deposit ?? null,
      balance: p.balance ?? null,
      adjustments,
    };
    let sub = byStore.get(line.store);
    if (!sub) {
      sub = {
        store: line.store,
        subtotal: 0,
        discount: 0,
        total: 0,
        merchantFunded: 0,
        platformFunded: 0,
        lines: [],
      };
      byStore.set(line.store, sub);
    }
    sub.lines.push(split);
    sub.subtotal += split.subtotal;
    sub.discount += split.discount;
    sub.total += split.total;
    sub.merchantFunded += split.merchantFunded;
    sub.platformFunded += split.platformFunded;
  }
  return [...byStore.values()];
}

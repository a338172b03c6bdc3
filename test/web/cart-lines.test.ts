/** The venue cart panel's figures add up: list total − 活动价立减 − other promotions = 到手价 (issue 9 item 7). */
import { describe, expect, it } from 'vitest';
import { discountLines } from '../../web/src/cart/quote-lines';

describe('cart discount lines', () => {
  it('puts the campaign prices in one line and keeps the other promotions that took something', () => {
    const applied = [
      { promotion: 'campaign_price.sku_1', amount: 3000 },
      { promotion: 'campaign_price.sku_2', amount: 1000 },
      { promotion: 'cross_store_every', amount: 5000 },
      { promotion: 'store_coupon_unused', amount: 0 },
    ];
    const subtotal = 34_800;
    const total = 25_800;
    const { campaignPrices, others } = discountLines(applied);
    expect(campaignPrices).toBe(4000);
    expect(others.map((a) => a.promotion)).toEqual(['cross_store_every']);
    expect(subtotal - campaignPrices - others.reduce((s, a) => s + a.amount, 0)).toBe(total);
  });
  it('has no campaign line for a cart without campaign prices', () => {
    expect(discountLines([]).campaignPrices).toBe(0);
  });
});

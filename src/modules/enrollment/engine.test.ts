import { describe, expect, it } from 'vitest';
import { checkCommitments, checkItem, checkStore, checkWindow, maxCampaignPrice } from './engine';
import type { EnrollmentRules } from './model';

const rules: EnrollmentRules = {
  campaignId: 'cmp_x',
  eligibleCategories: ['apparel', 'beauty.skincare'],
  minRating: 4.5,
  minRatingTenths: 45,
  opensAt: '2026-10-01T00:00:00.000Z',
  closesAt: '2026-10-20T00:00:00.000Z',
  maxPriceBp: 9000,
  currency: 'CNY',
  promotions: [{ id: 'x1', layer: 'cross_store', type: 'every', step: 30000, off: 5000 }],
  requiredPromotionIds: ['x1'],
  depositRule: 'forfeit',
  open: true,
  version: 1,
  updatedBy: 'usr_op',
  updatedAt: '2026-09-01T00:00:00.000Z',
};

describe('enrollment rules (pure)', () => {
  it('caps the campaign price at floor(lowest × bp / 10000)', () => {
    expect(maxCampaignPrice(9900, 9000)).toBe(8910);
    expect(maxCampaignPrice(9999, 9000)).toBe(8999); // 8999.1 rounds down: never above the rule
    expect(maxCampaignPrice(1, 10000)).toBe(1);
  });

  it('the window is half-open [opensAt, closesAt)', () => {
    expect(checkWindow(rules, new Date('2026-10-01T00:00:00Z'))).toEqual([]);
    expect(checkWindow(rules, new Date('2026-10-20T00:00:00Z'))[0]).toMatchObject({
      rule: 'ENROLLMENT_WINDOW',
      given: '2026-10-20T00:00:00.000Z',
    });
    expect(checkWindow(rules, new Date('2026-09-30T23:59:59Z'))[0]!.message).toMatch(/opens/);
  });

  it('reports every store failure at once, with needed and given', () => {
    const failures = checkStore(rules, { mainCategory: 'food.snacks', ratingTenths: 42, currency: 'USD' });
    expect(failures.map((f) => f.rule)).toEqual(['STORE_CATEGORY', 'STORE_RATING', 'STORE_CURRENCY']);
    expect(failures[1]).toMatchObject({ needed: 45, given: 42 });
    expect(checkStore(rules, { mainCategory: 'apparel.women', ratingTenths: 45, currency: 'CNY' })).toEqual(
      [],
    );
    expect(
      checkStore(
        { ...rules, eligibleCategories: [] },
        { mainCategory: 'food', ratingTenths: 50, currency: 'CNY' },
      ),
    ).toEqual([]);
  });

  it('requires the store to commit to every required promotion', () => {
    expect(checkCommitments(rules, [])[0]).toMatchObject({
      rule: 'PROMOTION_COMMITMENT',
      needed: ['x1'],
      given: [],
    });
    expect(checkCommitments(rules, ['x1'])).toEqual([]);
  });

  it('explains each SKU failure: rule, sku, field, needed, given', () => {
    const facts = { inStore: true, stock: 100, lowest: 9900, currentPrice: 12900, alreadyNominated: false };
    const failures = checkItem(rules, { sku: 'sku_a', campaignPrice: 9500, campaignStock: 120 }, facts, 2);
    expect(failures).toEqual([
      expect.objectContaining({
        rule: 'DISCOUNT_DEPTH',
        sku: 'sku_a',
        field: 'items.2.campaignPrice',
        needed: 8910,
        given: 9500,
      }),
      expect.objectContaining({
        rule: 'CAMPAIGN_STOCK',
        sku: 'sku_a',
        field: 'items.2.campaignStock',
        needed: 100,
        given: 120,
      }),
    ]);
    expect(failures[0]!.message).toBe(
      'The campaign price must be at most 89.10 CNY (90% of the 30-day lowest price 99.00 CNY); got 95.00 CNY',
    );
    expect(checkItem(rules, { sku: 'sku_a', campaignPrice: 8910, campaignStock: 100 }, facts, 0)).toEqual([]);
  });

  it('a SKU of another store fails only that rule; duplicates and active nominations are named', () => {
    const gone = checkItem(
      rules,
      { sku: 'sku_z', campaignPrice: 1, campaignStock: 1 },
      { inStore: false, stock: 0, lowest: null, currentPrice: 0, alreadyNominated: false },
      0,
    );
    expect(gone).toEqual([expect.objectContaining({ rule: 'SKU_NOT_IN_STORE', sku: 'sku_z' })]);
    const again = checkItem(
      rules,
      { sku: 'sku_a', campaignPrice: 1, campaignStock: 1 },
      { inStore: true, stock: 5, lowest: 100, currentPrice: 100, alreadyNominated: true },
      1,
      true,
    );
    expect(again.map((f) => f.rule)).toEqual(['DUPLICATE_SKU', 'ALREADY_NOMINATED']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart } from '../pricing';
import { splitByStore } from './funding';
import { type PaidLine, paidOf, type RefundParts, refundForAmount, refundForQuantity } from './refund-math';

const none = { amount: 0, quantity: 0, merchant: 0, platform: 0 };

function pricedLines(
  lines: { id: string; unitPrice: number; quantity?: number }[],
  threshold: number,
  off: number,
  layer: 'store' | 'platform' = 'store',
) {
  const cartLines = lines.map((l) => ({
    id: l.id,
    sku: l.id,
    store: 'S',
    unitPrice: l.unitPrice,
    quantity: l.quantity ?? 1,
  }));
  const priced = priceCart({
    currency: 'CNY',
    now: '2026-11-11T00:00:00+08:00',
    promotions:
      layer === 'store'
        ? [{ id: 'm', layer: 'store', type: 'threshold', tiers: [{ threshold, off }] }]
        : [{ id: 'm', layer: 'platform', type: 'coupon', threshold, off }],
    customer: { id: 'u', coupons: ['m'], allowanceBalance: 0 },
    lines: cartLines,
  } as never);
  return splitByStore(cartLines, priced)[0]!.lines;
}

const asPaid = (l: {
  quantity: number;
  subtotal: number;
  merchantFunded: number;
  platformFunded: number;
}): PaidLine => ({ ...l, refunded: { ...none } });

describe('refunds pro rata to the apportioned discounts (worked numbers)', () => {
  it('lines of 400 and 100 with 满500减50: refunding the 100 line returns 90, the 400 line 360', () => {
    const [a, b] = pricedLines(
      [
        { id: 'a', unitPrice: 40000 },
        { id: 'b', unitPrice: 10000 },
      ],
      50000,
      5000,
    );
    expect(refundForQuantity(asPaid(b!), 1)).toEqual({
      amount: 9000,
      merchant: 9000,
      platform: 0,
      quantity: 1,
    });
    expect(refundForQuantity(asPaid(a!), 1).amount).toBe(36000);
  });

  it('lines of 100 and 110 with 满200减20: refunding the 100 line returns 90.48', () => {
    const [a, b] = pricedLines(
      [
        { id: 'a', unitPrice: 10000 },
        { id: 'b', unitPrice: 11000 },
      ],
      20000,
      2000,
    );
    expect(refundForQuantity(asPaid(a!), 1).amount).toBe(9048);
    expect(refundForQuantity(asPaid(b!), 1).amount).toBe(9952);
  });

  it('a platform-funded coupon: the customer gets the paid share, the merchant gives back its full net, the platform takes back its subsidy', () => {
    const [a] = pricedLines(
      [
        { id: 'a', unitPrice: 40000 },
        { id: 'b', unitPrice: 10000 },
      ],
      50000,
      5000,
      'platform',
    );
    expect(refundForQuantity(asPaid(a!), 1)).toEqual({
      amount: 36000,
      merchant: 40000,
      platform: 4000,
      quantity: 1,
    });
  });

  it('refunding a line unit by unit returns exactly the whole-line refund', () => {
    const [a] = pricedLines(
      [
        { id: 'a', unitPrice: 3333, quantity: 3 },
        { id: 'b', unitPrice: 1000 },
      ],
      5000,
      1001,
    );
    const paid = asPaid(a!);
    let refunded = { ...none };
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const r = refundForQuantity({ ...paid, refunded }, 1);
      total += r.amount;
      refunded = {
        amount: refunded.amount + r.amount,
        quantity: refunded.quantity + 1,
        merchant: refunded.merchant + r.merchant,
        platform: refunded.platform + r.platform,
      };
    }
    expect(total).toBe(paidOf(paid));
    expect(() => refundForQuantity({ ...paid, refunded }, 1)).toThrow(/only 0 units/);
  });

  it('refuses more than is left', () => {
    const line = asPaid({ quantity: 1, subtotal: 10000, merchantFunded: 1000, platformFunded: 0 });
    expect(() => refundForAmount(line, 9001)).toThrow(/only 9000/);
    expect(() => refundForAmount(line, 0)).toThrow();
    expect(() => refundForQuantity(line, 2)).toThrow();
  });
});

describe('refund properties', () => {
  it('any sequence of amount and unit refunds never returns more than was paid, and parts stay consistent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 100000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('units' as const), n: fc.integer({ min: 1, max: 5 }) }),
            fc.record({ kind: fc.constant('amount' as const), n: fc.integer({ min: 1, max: 500000 }) }),
          ),
          { maxLength: 8 },
        ),
        (quantity, unitPrice, mPct, pPct, ops) => {
          const subtotal = quantity * unitPrice;
          const merchantFunded = Math.floor((subtotal * mPct) / 200);
          const platformFunded = Math.floor((subtotal * pPct) / 200);
          let line: PaidLine = { quantity, subtotal, merchantFunded, platformFunded, refunded: { ...none } };
          for (const op of ops) {
            const leftUnits = line.quantity - line.refunded.quantity;
            const leftAmount = paidOf(line) - line.refunded.amount;
            let r: RefundParts;
            if (op.kind === 'units' && op.n <= leftUnits) r = refundForQuantity(line, op.n);
            else if (op.kind === 'amount' && op.n <= leftAmount) r = refundForAmount(line, op.n);
            else continue;
            expect(r.amount).toBeGreaterThanOrEqual(0);
            expect(r.merchant - r.platform).toBe(r.amount);
            line = {
              ...line,
              refunded: {
                amount: line.refunded.amount + r.amount,
                quantity: line.refunded.quantity + r.quantity,
                merchant: line.refunded.merchant + r.merchant,
                platform: line.refunded.platform + r.platform,
              },
            };
            expect(line.refunded.amount).toBeLessThanOrEqual(paidOf(line));
            expect(line.refunded.merchant).toBeLessThanOrEqual(subtotal - merchantFunded);
          }
        },
      ),
    );
  });
});

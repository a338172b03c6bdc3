import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import {
  charityEscrow,
  customerWallet,
  externalFunding,
  merchantPayable,
  merchantPromotionExpense,
  parseAccountCode,
  platformClearing,
  platformPromotionExpense,
  platformRevenue,
} from './accounts';
import { checkPosting, credit, debit, negate, sameEntries } from './engine';
import { orderPaymentEntries } from './postings';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return 'ok';
};

describe('account codes', () => {
  it('round-trip every well-known account through its code', () => {
    expect(parseAccountCode(customerWallet('usr_1'))).toEqual({
      code: 'customer:usr_1:wallet:CNY',
      type: 'liability',
      ownerType: 'customer',
      ownerId: 'usr_1',
      currency: 'CNY',
      allowNegative: false,
    });
    expect(parseAccountCode(charityEscrow('chr_1', 'USD'))).toMatchObject({
      type: 'liability',
      ownerType: 'charity',
      allowNegative: false,
      currency: 'USD',
    });
    expect(parseAccountCode(merchantPayable('str_1'))).toMatchObject({
      type: 'liability',
      ownerType: 'store',
      ownerId: 'str_1',
      allowNegative: true,
    });
    expect(parseAccountCode(merchantPromotionExpense('str_1'))).toMatchObject({
      type: 'expense',
      ownerType: 'store',
    });
    expect(parseAccountCode(platformClearing())).toMatchObject({
      type: 'asset',
      ownerType: 'platform',
      ownerId: null,
    });
    expect(parseAccountCode(platformPromotionExpense())).toMatchObject({ type: 'expense' });
    expect(parseAccountCode(platformRevenue())).toMatchObject({ type: 'revenue' });
    expect(parseAccountCode(externalFunding())).toMatchObject({ type: 'asset', allowNegative: true });
  });

  it('refuses codes that are not well-known, and ids that would break a code', () => {
    for (const code of [
      '',
      'platform:cash:CNY',
      'platform:clearing:cny',
      'customer:usr_1:wallet',
      'customer:u:v:wallet:CNY',
      'store:str_1:wallet:CNY',
      'platform:toString:CNY',
      'constructor:x:wallet:CNY',
    ])
      expect(parseAccountCode(code)).toBeNull();
    expect(() => customerWallet('usr:1')).toThrow(RangeError);
    expect(() => customerWallet('usr_1', 'yuan')).toThrow(RangeError);
  });
});

describe('checkPosting', () => {
  const ok = { kind: 'k', reference: 'r' };

  it('sorts the account changes by code and converts them to the natural sign', () => {
    const { changes, entries } = checkPosting({
      ...ok,
      entries: [
        debit(customerWallet('u'), 900),
        debit(platformPromotionExpense(), 100),
        credit(merchantPayable('s'), 1_000),
      ],
    });
    expect(changes.map((c) => [c.spec.code, c.delta, c.guarded])).toEqual([
      ['customer:u:wallet:CNY', -900, true],
      ['platform:promotion_expense:CNY', 100, false],
      ['store:s:payable:CNY', 1_000, false],
    ]);
    expect(entries.every((e) => e.currency === 'CNY')).toBe(true);
  });

  it('merges two entries on one account into one change', () => {
    const { changes } = checkPosting({
      ...ok,
      entries: [debit(platformClearing(), 5), credit(platformClearing(), 3), credit(customerWallet('u'), 2)],
    });
    expect(changes.find((c) => c.spec.code === platformClearing())?.delta).toBe(2);
  });

  it('refuses what it must', () => {
    const w = customerWallet('u');
    const f = externalFunding();
    expect(codeOf(() => checkPosting({ ...ok, entries: [debit(f, 1), credit(w, 2)] }))).toBe(
      'INVALID_POSTING',
    );
    expect(codeOf(() => checkPosting({ ...ok, entries: [debit(f, 1)] }))).toBe('INVALID_POSTING');
    expect(codeOf(() => checkPosting({ ...ok, entries: [debit(f, 0), credit(w, 0)] }))).toBe(
      'INVALID_POSTING',
    );
    expect(codeOf(() => checkPosting({ ...ok, entries: [debit(f, 2 ** 53), credit(w, 2 ** 53)] }))).toBe(
      'INVALID_POSTING',
    );
    expect(codeOf(() => checkPosting({ ...ok, kind: '', entries: [debit(f, 1), credit(w, 1)] }))).toBe(
      'INVALID_POSTING',
    );
    expect(codeOf(() => checkPosting({ ...ok, reference: ' ', entries: [debit(f, 1), credit(w, 1)] }))).toBe(
      'INVALID_POSTING',
    );
    expect(codeOf(() => checkPosting({ ...ok, entries: [debit('nope', 1), credit(w, 1)] }))).toBe(
      'UNKNOWN_ACCOUNT',
    );
    expect(
      codeOf(() =>
        checkPosting({
          ...ok,
          entries: [debit(f, 1), credit(w, 1)],
          requireNonNegative: [platformClearing()],
        }),
      ),
    ).toBe('INVALID_POSTING');
  });

  it('negation of a posting is a posting, and the two sum to nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e12 }), { minLength: 1, maxLength: 6 }), (amounts) => {
        const total = amounts.reduce((s, a) => s + a, 0);
        const entries = [
          ...amounts.map((a, i) => debit(customerWallet(`u${i}`), a)),
          credit(platformClearing(), total),
        ];
        const a = checkPosting({ ...ok, entries });
        const b = checkPosting({ ...ok, entries: negate(entries) });
        expect(
          a.changes.map((c) => c.delta + b.changes.find((d) => d.spec.code === c.spec.code)!.delta),
        ).toEqual(a.changes.map(() => 0));
        expect(sameEntries(entries, [...entries].reverse())).toBe(true);
      }),
    );
  });
});

describe('orderPaymentEntries', () => {
  it('posts the docs example: 100.00 list, 10.00 platform-funded, 90.00 paid', () => {
    expect(
      orderPaymentEntries({
        currency: 'CNY',
        source: customerWallet('u'),
        paid: 9_000,
        platformDiscount: 1_000,
        stores: [{ storeId: 's', gross: 10_000, merchantDiscount: 0 }],
      }),
    ).toEqual([
      { account: 'customer:u:wallet:CNY', amount: 9_000 },
      { account: 'platform:promotion_expense:CNY', amount: 1_000 },
      { account: 'store:s:payable:CNY', amount: -10_000 },
    ]);
  });

  it('credits each store its gross less what it funds, and checks that the amounts add up', () => {
    const entries = orderPaymentEntries({
      currency: 'CNY',
      source: platformClearing(),
      paid: 17_000,
      platformDiscount: 1_000,
      stores: [
        { storeId: 'a', gross: 10_000, merchantDiscount: 2_000 },
        { storeId: 'b', gross: 10_000, merchantDiscount: 0 },
      ],
    });
    expect(entries).toContainEqual({ account: merchantPayable('a'), amount: -8_000 });
    expect(entries.reduce((s, e) => s + e.amount, 0)).toBe(0);
    expect(
      codeOf(() =>
        orderPaymentEntries({
          currency: 'CNY',
          source: platformClearing(),
          paid: 9_001,
          platformDiscount: 1_000,
          stores: [{ storeId: 's', gross: 10_000, merchantDiscount: 0 }],
        }),
      ),
    ).toBe('INVALID_POSTING');
    expect(
      codeOf(() =>
        orderPaymentEntries({
          currency: 'CNY',
          source: platformClearing(),
          paid: 0,
          platformDiscount: 0,
          stores: [{ storeId: 's', gross: 1, merchantDiscount: 2 }],
        }),
      ),
    ).toBe('INVALID_POSTING');
  });
});

import { describe, expect, it } from 'vitest';
import { creditCodeCheck, donationFor, isValidCreditCode, quarterOf } from './model';
import { VALID_CREDIT_CODES } from './test-fixtures';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes whose 18th character is the check character', () => {
    // The standard's own example, then the fixtures'.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    for (const code of VALID_CREDIT_CODES) expect(isValidCreditCode(code)).toBe(true);
  });

  it('refuses a wrong check character, a letter outside the alphabet, and wrong lengths', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(creditCodeCheck('9135')).toBeNull();
  });
});

describe('donationFor', () => {
  it('fixed: fen per unit still bought, never more than the line holds', () => {
    expect(
      donationFor({ kind: 'fixed', amount: 200 }, { quantity: 3, refundedQuantity: 1, paid: 16000 }),
    ).toEqual({
      base: 16000,
      quantity: 2,
      amount: 400,
    });
    expect(
      donationFor({ kind: 'fixed', amount: 500 }, { quantity: 2, refundedQuantity: 0, paid: 300 }).amount,
    ).toBe(300);
  });

  it('percent: basis points of what the line still holds, rounded down to the fen', () => {
    expect(
      donationFor({ kind: 'percent', amount: 333 }, { quantity: 1, refundedQuantity: 0, paid: 4000 }).amount,
    ).toBe(133);
    expect(
      donationFor({ kind: 'percent', amount: 10_000 }, { quantity: 1, refundedQuantity: 0, paid: 99 }).amount,
    ).toBe(99);
    expect(
      donationFor({ kind: 'percent', amount: 500 }, { quantity: 1, refundedQuantity: 1, paid: 0 }).amount,
    ).toBe(0);
  });
});

describe('quarterOf', () => {
  it('counts quarters in China time', () => {
    expect(quarterOf(new Date('2026-12-31T15:59:59Z'))).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-03-31T16:30:00Z'))).toBe('2026-Q2');
  });
});

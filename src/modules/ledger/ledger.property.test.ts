import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import { isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import {
  customerWallet,
  externalFunding,
  merchantPayable,
  parseAccountCode,
  platformPromotionExpense,
} from './accounts';
import { checkPosting, credit, debit, negate } from './engine';
import type { EntryInput, PostingInput } from './model';
import { orderPaymentEntries } from './postings';
import { balances, post, reverse } from './store';
import { expectSoundBooks } from './test-helpers';

/**
 * Random sequences of postings (top-ups, wallet-paid orders with platform and store discounts,
 * wallet-to-wallet transfers, guarded payouts, reversals of earlier postings), each in its own
 * transaction, against a model of the balances: every posting succeeds exactly when the model
 * says no guarded account would go below zero, the stored balances equal the model's, the trial
 * balance is zero and verifyBalances() is clean. Each run uses its own currency, so its accounts
 * are fresh.
 */
const USERS = 3;
const STORES = 2;
const amount = fc.integer({ min: 1, max: 5_000 });

type Op =
  | { t: 'topUp'; u: number; amount: number }
  | { t: 'pay'; u: number; s: number; gross: number; platformPct: number; storePct: number }
  | { t: 'transfer'; from: number; to: number; amount: number }
  | { t: 'payout'; s: number; amount: number; guard: boolean }
  | { t: 'reverse'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('topUp' as const), u: fc.nat(USERS - 1), amount }),
  fc.record({
    t: fc.constant('pay' as const),
    u: fc.nat(USERS - 1),
    s: fc.nat(STORES - 1),
    gross: amount,
    platformPct: fc.nat(30),
    storePct: fc.nat(30),
  }),
  fc.record({ t: fc.constant('transfer' as const), from: fc.nat(USERS - 1), to: fc.nat(USERS - 1), amount }),
  fc.record({ t: fc.constant('payout' as const), s: fc.nat(STORES - 1), amount, guard: fc.boolean() }),
  fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }),
);

let run = 0;
const nextCurrency = () => {
  const n = run++;
  return `Q${String.fromCharCode(65 + (((n / 26) | 0) % 26))}${String.fromCharCode(65 + (n % 26))}`;
};

describe.each(testDatabaseTargets())('ledger properties on $kind', (target) => {
  let database: Database;
  let db: Kysely<DB>;
  beforeAll(async () => {
    database = await target.open();
    db = database.db;
  });
  afterAll(() => database.close());

  it('keeps the books sound and agrees with a model of the balances', async () => {
    const tally: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const cur = nextCurrency();
        const model = new Map<string, number>();
        const posted: { id: string; entries: EntryInput[]; reversed: boolean }[] = [];
        const wallet = (u: number) => customerWallet(`usr_p${u}`, cur);
        const payable = (s: number) => merchantPayable(`str_p${s}`, cur);

        /** Would this posting succeed in the model? (no guarded account below zero) */
        const modelAllows = (input: PostingInput) =>
          checkPosting(input).changes.every(
            ({ spec, delta, guarded }) => !guarded || (model.get(spec.code) ?? 0) + delta >= 0,
          );
        const modelApply = (input: PostingInput) => {
          for (const { spec, delta } of checkPosting(input).changes)
            model.set(spec.code, (model.get(spec.code) ?? 0) + delta);
        };

        for (const o of ops) {
          let input: PostingInput | null = null;
          let reverseOf: (typeof posted)[number] | undefined;
          switch (o.t) {
            case 'topUp':
              input = {
                kind: 'wallet.topup',
                reference: 'p',
                entries: [debit(externalFunding(cur), o.amount), credit(wallet(o.u), o.amount)],
              };
              break;
            case 'pay': {
              const storeDiscount = Math.floor((o.gross * o.storePct) / 100);
              const platformDiscount = Math.floor((o.gross * o.platformPct) / 100);
              const paid = o.gross - storeDiscount - platformDiscount;
              const entries = orderPaymentEntries({
                currency: cur,
                source: wallet(o.u),
                paid,
                platformDiscount,
                stores: [{ storeId: `str_p${o.s}`, gross: o.gross, merchantDiscount: storeDiscount }],
              });
              if (entries.length >= 2) input = { kind: 'order.payment', reference: 'p', entries };
              break;
            }
            case 'transfer':
              if (o.from !== o.to)
                input = {
                  kind: 'wallet.transfer',
                  reference: 'p',
                  entries: [debit(wallet(o.from), o.amount), credit(wallet(o.to), o.amount)],
                };
              break;
            case 'payout':
              input = {
                kind: 'settlement.payout',
                reference: 'p',
                entries: [debit(payable(o.s), o.amount), credit(externalFunding(cur), o.amount)],
                requireNonNegative: o.guard ? [payable(o.s)] : [],
              };
              break;
            case 'reverse':
              if (posted.length > 0) {
                reverseOf = posted[o.pick % posted.length]!;
                input = { kind: 'x.reversal', reference: 'p', entries: negate(reverseOf.entries) };
              }
              break;
          }
          if (!input) continue;
          const expected = reverseOf?.reversed
            ? 'ALREADY_REVERSED'
            : modelAllows(input)
              ? 'ok'
              : 'INSUFFICIENT_FUNDS';
          let outcome = 'ok';
          try {
            const result = await db
              .transaction()
              .execute((trx) => (reverseOf ? reverse(trx, reverseOf.id) : post(trx, input!)));
            if (!reverseOf)
              posted.push({ id: result.transaction.id, entries: input.entries.slice(), reversed: false });
          } catch (e) {
            if (!isAppError(e)) throw e;
            outcome = e.code;
          }
          expect(outcome).toBe(expected);
          tally[outcome] = (tally[outcome] ?? 0) + 1;
          if (outcome === 'ok') {
            modelApply(input);
            if (reverseOf) reverseOf.reversed = true;
          }
        }

        const stored = await balances(db, { currency: cur });
        for (const account of stored) {
          expect(account.balance).toBe(model.get(account.code) ?? 0);
          if (!account.allowNegative) expect(account.balance).toBeGreaterThanOrEqual(0);
          expect(parseAccountCode(account.code)?.currency).toBe(cur);
        }
        for (const [code, balance] of model)
          if (balance !== 0) expect(stored.find((a) => a.code === code)?.balance).toBe(balance);
        expect(stored.some((a) => a.code === platformPromotionExpense(cur) && a.balance < 0)).toBe(false);
        await expectSoundBooks(db);
      }),
      { numRuns: 40 },
    );
    // Not vacuous: the runs met successes, refusals for want of funds and double reversals.
    expect(tally.ok).toBeGreaterThan(0);
    expect(tally.INSUFFICIENT_FUNDS).toBeGreaterThan(0);
    expect(tally.ALREADY_REVERSED).toBeGreaterThan(0);
  }, 240_000);
});

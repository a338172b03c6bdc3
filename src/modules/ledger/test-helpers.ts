import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Clock } from '../../platform/clock';
import { isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import { customerWallet, DEFAULT_CURRENCY, externalFunding } from './accounts';
import { credit, debit } from './engine';
import type { PostResult } from './model';
import { post, trialBalance, verifyBalances } from './store';

/** The kind of test-only credits, so a statement in a test shows where its money came from. */
export const TEST_CREDIT = 'test.credit';

/**
 * TESTS ONLY: puts money in a wallet straight from external funding, once per (user, key). The
 * product never does this (money enters through the payments module: a gateway-confirmed top-up
 * or the capped demo credit); tests of checkout, refunds and the ledger need money quickly.
 */
export async function creditWalletForTest(
  db: Kysely<DB>,
  userId: string,
  amount: number,
  key: string,
  options: { trx?: Kysely<DB>; clock?: Clock; currency?: string } = {},
): Promise<PostResult> {
  const currency = options.currency ?? DEFAULT_CURRENCY;
  const run = (trx: Kysely<DB>) =>
    post(
      trx,
      {
        kind: TEST_CREDIT,
        reference: userId,
        idempotencyKey: `${TEST_CREDIT}:${userId}:${key}`,
        entries: [debit(externalFunding(currency), amount), credit(customerWallet(userId, currency), amount)],
      },
      options.clock,
    );
  return options.trx ? run(options.trx) : db.transaction().execute(run);
}

/** The books are sound: every currency sums to zero and every stored balance matches its entries. */
export async function expectSoundBooks(db: Kysely<DB>): Promise<void> {
  const tb = await trialBalance(db);
  expect(tb.balanced).toBe(true);
  expect(tb.total).toBe(0);
  expect(await verifyBalances(db)).toEqual([]);
}

/** Resolves to the AppError code a promise rejects with (fails the test if it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import { trialBalance, verifyBalances } from './store';

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

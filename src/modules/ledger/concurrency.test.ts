import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db';
import { openFreshPostgres } from '../../platform/db/testing';
import { isAppError } from '../../platform/errors';
import { customerWallet, externalFunding, merchantPayable, platformClearing } from './accounts';
import { credit, debit } from './engine';
import { createLedger, type Ledger } from './service';
import { creditWalletForTest, expectSoundBooks } from './test-helpers';

/**
 * Real concurrency needs real connections: these run on PostgreSQL only (DATABASE_URL), with a
 * pool of 25 so that many transactions really do race for the same wallet row.
 */
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('ledger under concurrency on postgres', () => {
  let database: Database;
  let ledger: Ledger;
  beforeAll(async () => {
    database = await openFreshPostgres(url!, 25);
    ledger = createLedger({ db: database.db });
  });
  afterAll(() => database?.close());

  it('the first concurrent uses of brand-new accounts all succeed (no false INSUFFICIENT_FUNDS while one creates the row)', async () => {
    const fresh = await openFreshPostgres(url!, 25);
    try {
      const l = createLedger({ db: fresh.db });
      // Every top-up debits the same not-yet-created external-funding account.
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          creditWalletForTest(fresh.db, `usr_first_${i}`, 1_000, `first-${i}`),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await l.balanceOf(externalFunding())).toBe(40_000); // natural sign of the funding account
      await expectSoundBooks(fresh.db);
    } finally {
      await fresh.close();
    }
  });

  it('100 concurrent wallet payments of 10.00 from 500.00: exactly 50 succeed and the wallet ends at 0', async () => {
    const user = 'usr_race';
    await creditWalletForTest(database.db, user, 50_000, 'seed');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        database.db.transaction().execute((trx) =>
          ledger.wallet.charge(
            {
              amount: 1_000,
              currency: 'CNY',
              customerId: user,
              reference: `ord_${i}`,
              idempotencyKey: `pay-${i}`,
            },
            { trx },
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'succeeded')).toHaveLength(50);
    expect(
      results.filter((r) => r.status === 'failed' && r.failureCode === 'INSUFFICIENT_FUNDS'),
    ).toHaveLength(50);
    expect(await ledger.balanceOf(customerWallet(user))).toBe(0);
    expect(await ledger.balanceOf(platformClearing())).toBe(-50_000);
    expect((await ledger.entriesFor(customerWallet(user), { limit: 500 })).total).toBe(51);
    await expectSoundBooks(database.db);
  });

  it('100 concurrent raw postings that throw: exactly 50 commit, the rest roll back whole', async () => {
    const user = 'usr_race2';
    await creditWalletForTest(database.db, user, 50_000, 'seed');
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        database.db
          .transaction()
          .execute((trx) =>
            ledger.post(trx, {
              kind: 'order.payment',
              reference: `ord_raw_${i}`,
              entries: [debit(customerWallet(user), 1_000), credit(merchantPayable('str_race'), 1_000)],
            }),
          )
          .then(
            () => 'ok',
            (e) => (isAppError(e) ? e.code : Promise.reject(e)),
          ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'INSUFFICIENT_FUNDS')).toHaveLength(50);
    expect(await ledger.balanceOf(customerWallet(user))).toBe(0);
    expect(await ledger.balanceOf(merchantPayable('str_race'))).toBe(50_000);
    expect(
      await database.db
        .selectFrom('ledger_transactions')
        .select('id')
        .where('reference', 'like', 'ord_raw_%')
        .execute(),
    ).toHaveLength(50);
    await expectSoundBooks(database.db);
  });

  it('20 concurrent credits with one idempotency key post once', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => creditWalletForTest(database.db, 'usr_dup', 1_234, 'one-key')),
    );
    const ids = new Set(results.map((r) => r.transaction.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await ledger.balanceOf(customerWallet('usr_dup'))).toBe(1_234);
    await expectSoundBooks(database.db);
  });

  it('does not deadlock when concurrent postings list the same accounts in opposite orders', async () => {
    await creditWalletForTest(database.db, 'usr_a', 100_000, 'seed');
    await creditWalletForTest(database.db, 'usr_b', 100_000, 'seed');
    const a = customerWallet('usr_a');
    const b = customerWallet('usr_b');
    const f = externalFunding();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        database.db.transaction().execute((trx) =>
          ledger.post(trx, {
            kind: 'test.shuffle',
            reference: `s${i}`,
            // Three accounts, listed in a different order each time; net zero per wallet over the run.
            entries:
              i % 2 === 0
                ? [debit(a, 100), credit(b, 100), debit(f, 1), credit(a, 1)]
                : [credit(a, 100), debit(f, 1), debit(b, 100), credit(b, 1)],
          }),
        ),
      ),
    );
    expect(await ledger.balanceOf(a)).toBe(100_000 + 30);
    expect(await ledger.balanceOf(b)).toBe(100_000 + 30);
    await expectSoundBooks(database.db);
  });
});

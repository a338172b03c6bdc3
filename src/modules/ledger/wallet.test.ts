import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import type { DB } from '../../schema';
import { customerWallet, platformClearing } from './accounts';
import { createLedger, type Ledger } from './service';
import { creditWalletForTest, expectSoundBooks } from './test-helpers';

let seq = 0;
const uid = () => `usr_w${++seq}${Math.random().toString(36).slice(2, 8)}`;

describe.each(testDatabaseTargets())('wallet provider on $kind', (target) => {
  let database: Database;
  let db: Kysely<DB>;
  let ledger: Ledger;
  let woken = 0;

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
    ledger = createLedger({ db, clock: new ManualClock(), onEventsRecorded: () => woken++ });
  });
  afterAll(() => database.close());

  const charge = (user: string, amount: number, key: string, trx: Kysely<DB>) =>
    ledger.wallet.charge(
      { amount, currency: 'CNY', customerId: user, reference: `ord_${key}`, idempotencyKey: key },
      { trx },
    );

  it('charges the wallet into clearing, idempotently, and fails without breaking the caller transaction', async () => {
    const user = uid();
    await creditWalletForTest(db, user, 1_000, 't');
    const clearing = await ledger.balanceOf(platformClearing());
    const results = await db.transaction().execute(async (trx) => {
      const ok = await charge(user, 600, 'c1', trx);
      const repeat = await charge(user, 600, 'c1', trx);
      const tooMuch = await charge(user, 401, 'c2', trx);
      // The transaction is still usable after the failed charge, and commits what succeeded.
      const rest = await charge(user, 400, 'c3', trx);
      return { ok, repeat, tooMuch, rest };
    });
    expect(results.ok).toMatchObject({ status: 'succeeded', replayed: false });
    expect(results.repeat).toEqual({ ...results.ok, replayed: true });
    expect(results.tooMuch).toMatchObject({
      status: 'failed',
      providerRef: null,
      failureCode: 'INSUFFICIENT_FUNDS',
    });
    expect(results.rest.status).toBe('succeeded');
    expect(await ledger.balanceOf(customerWallet(user))).toBe(0);
    expect((await ledger.balanceOf(platformClearing())) - clearing).toBe(-1_000);
    expect(await ledger.transactionsFor('ord_c2')).toEqual([]);
    await expectSoundBooks(db);
  });

  it('refunds a charge at most up to its amount, idempotently', async () => {
    const user = uid();
    await creditWalletForTest(db, user, 1_000, 't');
    const ref = await db.transaction().execute(async (trx) => {
      const r = await charge(user, 800, 'r1', trx);
      if (r.status !== 'succeeded') throw new Error('charge failed');
      return r.providerRef;
    });
    const refund = (amount: number, key: string) =>
      db
        .transaction()
        .execute((trx) => ledger.wallet.refund({ providerRef: ref, amount, idempotencyKey: key }, { trx }));
    const a = await refund(500, 'a');
    expect(a).toMatchObject({ status: 'succeeded', replayed: false });
    expect(await refund(301, 'b')).toMatchObject({ status: 'failed', failureCode: 'REFUND_EXCEEDS_CHARGE' });
    expect(await refund(300, 'b')).toMatchObject({ status: 'succeeded' });
    expect(await refund(500, 'a')).toEqual({ ...a, replayed: true }); // a retry after the cap is reached still answers
    expect(await refund(1, 'c')).toMatchObject({ status: 'failed', failureCode: 'REFUND_EXCEEDS_CHARGE' });
    expect(
      await db
        .transaction()
        .execute((trx) =>
          ledger.wallet.refund({ providerRef: 'txn_nope', amount: 1, idempotencyKey: 'x' }, { trx }),
        ),
    ).toMatchObject({
      status: 'failed',
      failureCode: 'UNKNOWN_CHARGE',
    });
    expect(await ledger.balanceOf(customerWallet(user))).toBe(1_000);
    await expectSoundBooks(db);
  });
});

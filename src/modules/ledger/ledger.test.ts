import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../platform/bus';
import { ManualClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import { type AppError, isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import {
  customerWallet,
  externalFunding,
  merchantPayable,
  platformClearing,
  platformPromotionExpense,
} from './accounts';
import { credit, debit } from './engine';
import { orderPaymentEntries } from './postings';
import { createLedger, type Ledger } from './service';
import { codeOf, creditWalletForTest, expectSoundBooks } from './test-helpers';

let seq = 0;
const uid = (p = 'usr') => `${p}_t${++seq}${Math.random().toString(36).slice(2, 8)}`;

describe.each(testDatabaseTargets())('ledger on $kind', (target) => {
  let database: Database;
  let db: Kysely<DB>;
  let ledger: Ledger;
  const clock = new ManualClock('2026-11-11T00:00:00+08:00');

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
    ledger = createLedger({ db, clock });
  });
  afterAll(() => database.close());

  const inTrx = <T>(fn: (trx: Kysely<DB>) => Promise<T>) => db.transaction().execute(fn);
  const topUp = (user: string, amount: number) =>
    inTrx((trx) =>
      ledger.post(trx, {
        kind: 'wallet.topup',
        reference: user,
        entries: [debit(externalFunding(), amount), credit(customerWallet(user), amount)],
      }),
    );

  it('posts a balanced transaction, creating accounts on first use, balances in their natural sign', async () => {
    const user = uid();
    const { transaction, replayed } = await topUp(user, 10_000);
    expect(replayed).toBe(false);
    expect(transaction.id).toMatch(/^txn_/);
    expect(transaction.entries).toEqual([
      { account: 'platform:external_funding:CNY', amount: 10_000, currency: 'CNY' },
      { account: `customer:${user}:wallet:CNY`, amount: -10_000, currency: 'CNY' },
    ]);
    expect(await ledger.balanceOf(customerWallet(user))).toBe(10_000);
    const wallet = await ledger.getAccount(customerWallet(user));
    expect(wallet).toMatchObject({
      type: 'liability',
      ownerType: 'customer',
      ownerId: user,
      currency: 'CNY',
      allowNegative: false,
    });
    expect(wallet!.id).toMatch(/^acc_/);
    expect((await ledger.getAccount(externalFunding()))?.type).toBe('asset');
    expect(await ledger.transaction(transaction.id)).toEqual(transaction);
    await expectSoundBooks(db);
  });

  it('is 0 for an account nothing was posted to, and refuses codes that are not well-known', async () => {
    expect(await ledger.balanceOf(customerWallet(uid()))).toBe(0);
    expect(await codeOf(ledger.balanceOf('customer:x:piggybank:CNY'))).toBe('UNKNOWN_ACCOUNT');
  });

  it('refuses unbalanced, one-legged, empty, zero, fractional postings and unknown accounts', async () => {
    const user = uid();
    const attempt = (entries: { account: string; amount: number }[]) =>
      codeOf(inTrx((trx) => ledger.post(trx, { kind: 'test', reference: 'r', entries })));
    expect(await attempt([debit(externalFunding(), 100), credit(customerWallet(user), 99)])).toBe(
      'INVALID_POSTING',
    );
    expect(await attempt([debit(externalFunding(), 100)])).toBe('INVALID_POSTING');
    expect(await attempt([])).toBe('INVALID_POSTING');
    expect(await attempt([debit(externalFunding(), 0), credit(customerWallet(user), 0)])).toBe(
      'INVALID_POSTING',
    );
    expect(await attempt([debit(externalFunding(), 1.5), credit(customerWallet(user), 1.5)])).toBe(
      'INVALID_POSTING',
    );
    expect(await attempt([debit('platform:cash', 1), credit(customerWallet(user), 1)])).toBe(
      'UNKNOWN_ACCOUNT',
    );
    // Balanced in total but not per currency.
    expect(await attempt([debit(externalFunding('USD'), 100), credit(customerWallet(user), 100)])).toBe(
      'INVALID_POSTING',
    );
    expect(await ledger.transactionsFor('r')).toEqual([]);
    await expectSoundBooks(db);
  });

  it('balances per currency in a multi-currency posting', async () => {
    const user = uid();
    await inTrx((trx) =>
      ledger.post(trx, {
        kind: 'test.fx',
        reference: user,
        entries: [
          debit(externalFunding('USD'), 100),
          credit(customerWallet(user, 'USD'), 100),
          debit(externalFunding('CNY'), 700),
          credit(customerWallet(user, 'CNY'), 700),
        ],
      }),
    );
    const tb = await ledger.trialBalance();
    expect(tb.byCurrency).toMatchObject({ CNY: 0, USD: 0 });
    expect(await ledger.balanceOf(customerWallet(user, 'USD'))).toBe(100);
  });

  it('must be called inside a transaction', async () => {
    await expect(ledger.post(db, { kind: 't', reference: 'r', entries: [] })).rejects.toThrow(
      /inside the caller's transaction/,
    );
  });

  it('refuses to overdraw a wallet with INSUFFICIENT_FUNDS and rolls back the whole caller transaction', async () => {
    const user = uid();
    await topUp(user, 5_000);
    const before = await ledger.trialBalance();
    const txnsBefore = await db
      .selectFrom('ledger_transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const outboxBefore = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    let error: AppError | undefined;
    try {
      await inTrx(async (trx) => {
        await recordEvent(trx, 'order.paid', { user }, clock);
        // A first posting that succeeds, then one that overdraws: neither may survive.
        await ledger.post(trx, {
          kind: 'order.payment',
          reference: 'ord_1',
          entries: [debit(customerWallet(user), 3_000), credit(platformClearing(), 3_000)],
        });
        await ledger.post(trx, {
          kind: 'order.payment',
          reference: 'ord_2',
          entries: [debit(customerWallet(user), 2_001), credit(platformClearing(), 2_001)],
        });
      });
    } catch (e) {
      if (isAppError(e)) error = e;
      else throw e;
    }
    expect(error?.code).toBe('INSUFFICIENT_FUNDS');
    expect(error?.status).toBe(409);
    expect(error?.details).toMatchObject({ account: customerWallet(user) });
    expect(await ledger.balanceOf(customerWallet(user))).toBe(5_000);
    const txnsAfter = await db
      .selectFrom('ledger_transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const outboxAfter = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(txnsAfter.n)).toBe(Number(txnsBefore.n));
    expect(Number(outboxAfter.n)).toBe(Number(outboxBefore.n));
    expect(await ledger.transactionsFor('ord_1')).toEqual([]);
    expect(await ledger.trialBalance()).toEqual(before);
    // Spending exactly everything is fine.
    await inTrx((trx) =>
      ledger.post(trx, {
        kind: 'order.payment',
        reference: 'ord_3',
        entries: [debit(customerWallet(user), 5_000), credit(platformClearing(), 5_000)],
      }),
    );
    expect(await ledger.balanceOf(customerWallet(user))).toBe(0);
    await expectSoundBooks(db);
  });

  it('refuses to debit a never-funded wallet (created at 0, not below)', async () => {
    const user = uid();
    expect(
      await codeOf(
        inTrx((trx) =>
          ledger.post(trx, {
            kind: 'x',
            reference: 'x',
            entries: [debit(customerWallet(user), 1), credit(platformClearing(), 1)],
          }),
        ),
      ),
    ).toBe('INSUFFICIENT_FUNDS');
    expect(await ledger.getAccount(customerWallet(user))).toBeUndefined();
  });

  it('lets an account that may go negative do so, unless the posting requires it not to', async () => {
    const store = uid('str');
    await inTrx((trx) =>
      ledger.post(trx, {
        kind: 'order.payment',
        reference: 'o',
        entries: [debit(platformClearing(), 1_000), credit(merchantPayable(store), 1_000)],
      }),
    );
    const payout = (amount: number, guard: boolean) =>
      inTrx((trx) =>
        ledger.post(trx, {
          kind: 'settlement.payout',
          reference: store,
          entries: [debit(merchantPayable(store), amount), credit(externalFunding(), amount)],
          requireNonNegative: guard ? [merchantPayable(store)] : [],
        }),
      );
    expect(await codeOf(payout(1_001, true))).toBe('INSUFFICIENT_FUNDS');
    await payout(1_000, true);
    expect(await ledger.balanceOf(merchantPayable(store))).toBe(0);
    await payout(300, false); // e.g. a refund after the payout: the store owes the platform
    expect(await ledger.balanceOf(merchantPayable(store))).toBe(-300);
    expect(
      await codeOf(
        inTrx((trx) =>
          ledger.post(trx, {
            kind: 'x',
            reference: 'x',
            entries: [debit(platformClearing(), 1), credit(merchantPayable(store), 1)],
            requireNonNegative: [customerWallet('nobody')],
          }),
        ),
      ),
    ).toBe('INVALID_POSTING');
    await expectSoundBooks(db);
  });

  it('returns the first transaction for a repeated idempotency key, and refuses the key for a different posting', async () => {
    const user = uid();
    const input = {
      kind: 'wallet.topup',
      reference: user,
      idempotencyKey: `k-${user}`,
      entries: [debit(externalFunding(), 700), credit(customerWallet(user), 700)],
    };
    const first = await inTrx((trx) => ledger.post(trx, input));
    const again = await inTrx((trx) => ledger.post(trx, { ...input, entries: [...input.entries].reverse() }));
    expect(again.replayed).toBe(true);
    expect(again.transaction).toEqual(first.transaction);
    expect(await ledger.balanceOf(customerWallet(user))).toBe(700);
    expect(await ledger.transactionsFor(user)).toHaveLength(1);
    expect(
      await codeOf(
        inTrx((trx) =>
          ledger.post(trx, {
            ...input,
            entries: [debit(externalFunding(), 800), credit(customerWallet(user), 800)],
          }),
        ),
      ),
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    await expectSoundBooks(db);
  });

  it('reverses a transaction exactly once, and never a reversal', async () => {
    const user = uid();
    const { transaction: original } = await topUp(user, 2_500);
    const { transaction: reversal } = await inTrx((trx) =>
      ledger.reverse(trx, original.id, { idempotencyKey: `rev-${original.id}` }),
    );
    expect(reversal.reverses).toBe(original.id);
    expect(reversal.kind).toBe('wallet.topup.reversal');
    expect(reversal.reference).toBe(user);
    expect(reversal.entries).toEqual(original.entries.map((e) => ({ ...e, amount: -e.amount })));
    expect(await ledger.balanceOf(customerWallet(user))).toBe(0);
    // The same reversal request again is a replay, not a second reversal.
    const replay = await inTrx((trx) =>
      ledger.reverse(trx, original.id, { idempotencyKey: `rev-${original.id}` }),
    );
    expect(replay).toEqual({ transaction: reversal, replayed: true });
    expect(await codeOf(inTrx((trx) => ledger.reverse(trx, original.id)))).toBe('ALREADY_REVERSED');
    expect(await codeOf(inTrx((trx) => ledger.reverse(trx, reversal.id)))).toBe('INVALID_POSTING');
    expect(await codeOf(inTrx((trx) => ledger.reverse(trx, 'txn_nope')))).toBe('NOT_FOUND');
    expect(await ledger.balanceOf(customerWallet(user))).toBe(0);
    await expectSoundBooks(db);
  });

  it('refuses a reversal that would overdraw (a top-up already spent)', async () => {
    const user = uid();
    const { transaction } = await topUp(user, 1_000);
    await inTrx((trx) =>
      ledger.post(trx, {
        kind: 'order.payment',
        reference: 'o',
        entries: [debit(customerWallet(user), 600), credit(platformClearing(), 600)],
      }),
    );
    expect(await codeOf(inTrx((trx) => ledger.reverse(trx, transaction.id)))).toBe('INSUFFICIENT_FUNDS');
    expect(await ledger.balanceOf(customerWallet(user))).toBe(400);
    await expectSoundBooks(db);
  });

  it('keeps postings append-only: the database refuses to edit or delete them', async () => {
    const { transaction } = await topUp(uid(), 100);
    await expect(
      db.updateTable('ledger_entries').set({ amount: 1 }).where('txn_id', '=', transaction.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.deleteFrom('ledger_transactions').where('id', '=', transaction.id).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('prints a statement, newest first, with the running balance in the natural sign', async () => {
    const user = uid();
    await topUp(user, 10_000);
    await inTrx((trx) =>
      ledger.post(trx, {
        kind: 'order.payment',
        reference: 'ord_a',
        memo: 'lunch',
        entries: [debit(customerWallet(user), 2_500), credit(platformClearing(), 2_500)],
      }),
    );
    await topUp(user, 1_000);
    const all = await ledger.entriesFor(customerWallet(user));
    expect(all.total).toBe(3);
    expect(all.items.map((i) => [i.kind, i.amount, i.change, i.balanceAfter])).toEqual([
      ['wallet.topup', -1_000, 1_000, 8_500],
      ['order.payment', 2_500, -2_500, 7_500],
      ['wallet.topup', -10_000, 10_000, 10_000],
    ]);
    expect(all.items[1]).toMatchObject({ reference: 'ord_a', memo: 'lunch' });
    const page = await ledger.entriesFor(customerWallet(user), { limit: 1, offset: 1 });
    expect(page.items.map((i) => i.balanceAfter)).toEqual([7_500]);
    expect(page.account?.balance).toBe(8_500);
    expect(await ledger.entriesFor(customerWallet(uid()))).toEqual({ account: null, items: [], total: 0 });
  });

  it('posts the worked example of docs/ledger.md', async () => {
    const user = uid();
    const store = uid('str');
    const clearingBefore = await ledger.balanceOf(platformClearing());
    const expenseBefore = await ledger.balanceOf(platformPromotionExpense());
    // 1. Top up 100.00.
    await creditWalletForTest(db, user, 10_000, 'doc-1', { clock });
    // 2. Pay an order listed at 100.00 with a 10.00 platform-funded discount: 90.00 from the wallet.
    await inTrx(async (trx) => {
      const charge = await ledger.wallet.charge(
        { amount: 9_000, currency: 'CNY', customerId: user, reference: 'ord_doc', idempotencyKey: 'doc-2' },
        { trx },
      );
      expect(charge.status).toBe('succeeded');
      await ledger.post(trx, {
        kind: 'order.payment',
        reference: 'ord_doc',
        entries: orderPaymentEntries({
          currency: 'CNY',
          source: platformClearing(),
          paid: 9_000,
          platformDiscount: 1_000,
          stores: [{ storeId: store, gross: 10_000, merchantDiscount: 0 }],
        }),
      });
    });
    expect(await ledger.balanceOf(customerWallet(user))).toBe(1_000);
    expect(await ledger.balanceOf(merchantPayable(store))).toBe(10_000);
    expect((await ledger.balanceOf(platformPromotionExpense())) - expenseBefore).toBe(1_000);
    expect((await ledger.balanceOf(platformClearing())) - clearingBefore).toBe(0);
    // 3. Refund the order in full: reverse the order payment, refund the wallet charge.
    // (Read with the database before the transaction: PGlite has one connection, which the transaction holds.)
    const [payment] = await ledger.transactionsFor('ord_doc', 'order.payment');
    const [charge] = await ledger.transactionsFor('ord_doc', 'wallet.charge');
    await inTrx(async (trx) => {
      await ledger.reverse(trx, payment!.id, { kind: 'order.refund', reference: 'ref_doc' });
      const refund = await ledger.wallet.refund(
        { providerRef: charge!.id, amount: 9_000, idempotencyKey: 'doc-3', reference: 'ref_doc' },
        { trx },
      );
      expect(refund.status).toBe('succeeded');
    });
    expect(await ledger.balanceOf(customerWallet(user))).toBe(10_000);
    expect(await ledger.balanceOf(merchantPayable(store))).toBe(0);
    expect((await ledger.balanceOf(platformPromotionExpense())) - expenseBefore).toBe(0);
    await expectSoundBooks(db);
  });

  it('finds a tampered balance, an unbalanced transaction and a negative wallet', async () => {
    const user = uid();
    await topUp(user, 100);
    await expectSoundBooks(db);
    await db
      .updateTable('ledger_accounts')
      .set({ balance: 101 })
      .where('code', '=', customerWallet(user))
      .execute();
    expect(await ledger.verifyBalances()).toEqual([
      { kind: 'balance_mismatch', account: customerWallet(user), stored: 101, computed: 100 },
    ]);
    await db
      .updateTable('ledger_accounts')
      .set({ balance: 100 })
      .where('code', '=', customerWallet(user))
      .execute();
    // Forge a one-legged transaction behind the ledger's back (inside a transaction we roll back).
    await db
      .transaction()
      .execute(async (trx) => {
        const acc = await trx
          .selectFrom('ledger_accounts')
          .select('id')
          .where('code', '=', customerWallet(user))
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('ledger_transactions')
          .values({
            id: 'txn_forged',
            kind: 'x',
            reference: 'x',
            idempotency_key: null,
            memo: null,
            reverses: null,
            created_at: clock.now(),
          })
          .execute();
        await trx
          .insertInto('ledger_entries')
          .values({ txn_id: 'txn_forged', account_id: acc.id, amount: 5, currency: 'CNY' })
          .execute();
        const issues = await verifyIn(trx);
        expect(issues).toContainEqual({
          kind: 'unbalanced_transaction',
          txnId: 'txn_forged',
          currency: 'CNY',
          sum: 5,
        });
        expect(issues).toContainEqual({
          kind: 'balance_mismatch',
          account: customerWallet(user),
          stored: 100,
          computed: 95,
        });
        expect((await trialIn(trx)).balanced).toBe(false);
        // The database itself refuses a negative balance on a wallet.
        await expect(
          sql`update ledger_accounts set balance = -1 where id = ${acc.id}`.execute(trx),
        ).rejects.toThrow(/ledger_accounts_non_negative/);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    await expectSoundBooks(db);
  });
});

class Rollback extends Error {}
const verifyIn = async (trx: Kysely<DB>) => (await import('./store')).verifyBalances(trx);
const trialIn = async (trx: Kysely<DB>) => (await import('./store')).trialBalance(trx);

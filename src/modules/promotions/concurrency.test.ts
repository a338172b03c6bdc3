import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import { type Database, migrateToLatest, openDatabase } from '../../platform/db';
import { isAppError } from '../../platform/errors';
import { allowanceBalance, type RedeemInput, redeem, release } from './index';
import { actorFor, couponDraft, makeCampaign, makeConsumers } from './test-helpers';

/**
 * Races on the real PostgreSQL (READ COMMITTED, a pool of 24 connections): many transactions
 * at once on one counter. Only the conditional writes stand between them and an overdraft.
 */
const url = process.env.DATABASE_URL;

/**
 * openFreshPostgres (platform/db/testing.ts) with one difference: it drops the database only
 * once every pooled connection has really closed. pg's pool.end() resolves before the sockets
 * do, so `DROP DATABASE ... WITH (FORCE)` right after it kills them mid-close and each one
 * surfaces as an unhandled "terminating connection due to administrator command" (24 with a
 * pool of 24). Here DROP without FORCE is retried until no session is left.
 */
async function openRacePostgres(adminUrl: string, poolSize: number): Promise<Database> {
  const name = `carnival_t_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(q);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize });
  await migrateToLatest(database.db);
  return {
    ...database,
    async close() {
      await database.close();
      for (let attempt = 0; ; attempt++) {
        try {
          return await admin(`DROP DATABASE IF EXISTS ${name}`);
        } catch (e) {
          if (attempt >= 50 || !/being accessed by other users/.test(String(e))) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
  };
}

describe.skipIf(!url)('promotion counters under concurrency on postgres', () => {
  let h: Harness;
  let op: Actor;
  let campaignId: string;
  let seq = 0;
  const key = () => `race-${++seq}`;

  beforeAll(async () => {
    h = await createHarness(await openRacePostgres(url!, 24), '2026-11-01T00:00:00Z');
    const operator = await h.signIn('operator');
    op = actorFor(operator.userId, 'operator');
    campaignId = await makeCampaign(h, operator.userId, 'd11-race');
  });
  afterAll(() => h.close());

  const p = () => h.services.promotions;

  /** Runs every task at once; returns the successes and the refusal codes. */
  async function race<T>(tasks: (() => Promise<T>)[]) {
    const settled = await Promise.allSettled(tasks.map((t) => t()));
    const ok = settled.filter((s) => s.status === 'fulfilled').length;
    const codes: Record<string, number> = {};
    for (const s of settled) {
      if (s.status === 'rejected') {
        if (!isAppError(s.reason)) throw s.reason; // a deadlock or a constraint violation would land here
        codes[s.reason.code] = (codes[s.reason.code] ?? 0) + 1;
      }
    }
    return { ok, codes };
  }

  const redeemIn = (input: RedeemInput) => h.ctx.db.transaction().execute((trx) => redeem(trx, input));
  const order = (customerId: string, over: Partial<RedeemInput> = {}): RedeemInput => ({
    orderId: `ord_${key()}`,
    customerId,
    campaignId,
    coupons: [],
    allowance: 0,
    promotions: [],
    ...over,
  });

  it('200 customers claiming a coupon of 50 at once: exactly 50 get one', async () => {
    const coupon = await p().create(op, couponDraft({ totalQuantity: 50 }));
    const customers = await makeConsumers(h.ctx.db, 200);
    const { ok, codes } = await race(
      customers.map((c) => () => p().claim(actorFor(c, 'consumer'), coupon.id, key())),
    );
    expect(ok).toBe(50);
    expect(codes).toEqual({ COUPON_SOLD_OUT: 150 });
    expect((await p().get(null, coupon.id)).claimedCount).toBe(50);
    const wallets = await h.ctx.db
      .selectFrom('coupon_wallet')
      .select((eb) => eb.fn.sum<number>('claimed').as('n'))
      .where('coupon_id', '=', coupon.id)
      .executeTakeFirstOrThrow();
    expect(Number(wallets.n)).toBe(50);
  });

  it('one customer claiming 50 times at once with a limit of 2: exactly 2', async () => {
    const coupon = await p().create(op, couponDraft({ totalQuantity: 1000, perCustomerLimit: 2 }));
    const [c] = (await makeConsumers(h.ctx.db, 1)) as [string];
    const { ok, codes } = await race(
      Array.from({ length: 50 }, () => () => p().claim(actorFor(c, 'consumer'), coupon.id, key())),
    );
    expect(ok).toBe(2);
    expect(codes).toEqual({ CLAIM_LIMIT_REACHED: 48 });
    expect((await p().get(null, coupon.id)).claimedCount).toBe(2);
  });

  it('50 orders redeeming one single-use coupon at once: exactly 1 succeeds', async () => {
    const coupon = await p().create(op, couponDraft());
    const [c] = (await makeConsumers(h.ctx.db, 1)) as [string];
    await p().claim(actorFor(c, 'consumer'), coupon.id, key());
    const { ok, codes } = await race(
      Array.from(
        { length: 50 },
        () => () => redeemIn(order(c, { coupons: [{ couponId: coupon.id, amount: 3000 }] })),
      ),
    );
    expect(ok).toBe(1);
    expect(codes).toEqual({ COUPON_NOT_HELD: 49 });
    expect((await p().get(null, coupon.id)).redeemedCount).toBe(1);
  });

  it('a budget of 1000.00 under 200 redemptions of 30.00 at once: 33 succeed, never overspent', async () => {
    await p().setBudget(op, 'prm_race_budget', { campaignId, budgetAmount: 100_000 });
    const customers = await makeConsumers(h.ctx.db, 200);
    const { ok, codes } = await race(
      customers.map(
        (c) => () => redeemIn(order(c, { promotions: [{ promotionId: 'prm_race_budget', amount: 3000 }] })),
      ),
    );
    expect(ok).toBe(Math.floor(100_000 / 3000));
    expect(codes).toEqual({ BUDGET_EXHAUSTED: 200 - 33 });
    const [budget] = (await p().budgets(campaignId)).items.filter((b) => b.promotionId === 'prm_race_budget');
    expect(budget).toMatchObject({ spentAmount: 99_000, uses: 33, remainingAmount: 1000 });
    const sum = await h.ctx.db
      .selectFrom('promotion_redemptions')
      .select((eb) => eb.fn.sum<number>('amount').as('n'))
      .where('ref_id', '=', 'prm_race_budget')
      .executeTakeFirstOrThrow();
    expect(Number(sum.n)).toBe(99_000);
  });

  it('per-customer and total use limits hold under a race', async () => {
    await p().setBudget(op, 'prm_race_uses', { campaignId, maxUses: 10, perCustomerUses: 3 });
    const customers = await makeConsumers(h.ctx.db, 5);
    // 5 customers × 20 attempts each, all at once: at most 3 each, at most 10 in all.
    const tasks = customers.flatMap((c) =>
      Array.from(
        { length: 20 },
        () => () => redeemIn(order(c, { promotions: [{ promotionId: 'prm_race_uses', amount: 100 }] })),
      ),
    );
    const { ok, codes } = await race(tasks);
    expect(ok).toBe(10);
    expect((codes.PROMOTION_LIMIT_REACHED ?? 0) + (codes.BUDGET_EXHAUSTED ?? 0)).toBe(90);
    const usage = await h.ctx.db
      .selectFrom('promotion_usage')
      .select(['customer_id', 'uses'])
      .where('promotion_id', '=', 'prm_race_uses')
      .execute();
    expect(usage.every((u) => u.uses <= 3)).toBe(true);
    expect(usage.reduce((s, u) => s + u.uses, 0)).toBe(10);
  });

  it('allowance under a race: a balance of 100.00 pays exactly three orders of 30.00', async () => {
    const [c] = (await makeConsumers(h.ctx.db, 1)) as [string];
    await p().grantAllowance(op, campaignId, { customerId: c, amount: 10_000 }, key());
    const { ok, codes } = await race(
      Array.from({ length: 50 }, () => () => redeemIn(order(c, { allowance: 3000 }))),
    );
    expect(ok).toBe(3);
    expect(codes).toEqual({ ALLOWANCE_INSUFFICIENT: 47 });
    expect(await allowanceBalance(h.ctx.db, c, campaignId)).toBe(1000);
  });

  it('20 concurrent releases of one order give everything back once', async () => {
    const coupon = await p().create(op, couponDraft());
    const [c] = (await makeConsumers(h.ctx.db, 1)) as [string];
    await p().claim(actorFor(c, 'consumer'), coupon.id, key());
    await p().grantAllowance(op, campaignId, { customerId: c, amount: 5000 }, key());
    await p().setBudget(op, 'prm_race_release', { campaignId, budgetAmount: 10_000 });
    const o = order(c, {
      coupons: [{ couponId: coupon.id, amount: 3000 }],
      allowance: 4000,
      promotions: [{ promotionId: 'prm_race_release', amount: 2000 }],
    });
    await redeemIn(o);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.ctx.db
          .transaction()
          .execute((trx) => release(trx, o.orderId, { coupons: true, allowance: true, promotions: true })),
      ),
    );
    expect(
      results.filter((r) => r.allowance > 0 || r.coupons.length > 0 || r.promotions.length > 0),
    ).toHaveLength(1);
    expect(results.reduce((s, r) => s + r.allowance, 0)).toBe(4000);
    expect(await allowanceBalance(h.ctx.db, c, campaignId)).toBe(5000);
    expect((await p().get(null, coupon.id)).redeemedCount).toBe(0);
    const [budget] = (await p().budgets(campaignId)).items.filter(
      (b) => b.promotionId === 'prm_race_release',
    );
    expect(budget).toMatchObject({ spentAmount: 0, uses: 0 });
  });

  it('codes redeemed by many at once: each code becomes exactly one claim', async () => {
    const coupon = await p().create(op, couponDraft({ totalQuantity: 1000 }));
    const generated = await p().generateCodes(op, coupon.id, 10, key());
    const codes = (generated.body as { codes: string[] }).codes;
    const customers = await makeConsumers(h.ctx.db, 100);
    // 10 customers race for each code.
    const tasks = customers.map(
      (c, i) => () => p().redeemCode(actorFor(c, 'consumer'), codes[i % 10]!, key()),
    );
    const { ok, codes: refusals } = await race(tasks);
    expect(ok).toBe(10);
    expect(refusals).toEqual({ CODE_ALREADY_REDEEMED: 90 });
    expect((await p().get(null, coupon.id)).claimedCount).toBe(10);
  });

  it('generates 100 000 codes in one call (batches of 1000), all distinct and stored', async () => {
    const coupon = await p().create(op, couponDraft({ totalQuantity: 100_000 }));
    const started = Date.now();
    const result = await p().generateCodes(op, coupon.id, 100_000, key());
    const codes = (result.body as { codes: string[] }).codes;
    expect(codes).toHaveLength(100_000);
    expect(new Set(codes).size).toBe(100_000);
    const stored = await h.ctx.db
      .selectFrom('coupon_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('coupon_id', '=', coupon.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(100_000);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

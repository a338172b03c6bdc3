import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness';
import { openFreshPostgres } from '../../platform/db/testing';
import { MAX_CART_LINES } from './cart';
import { buildWorld, type World } from './test-fixtures';

/** The cart's line cap under real contention: PostgreSQL only (DATABASE_URL). */
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('the cart cap under concurrency on postgres', () => {
  let h: Harness;
  let w: World;

  beforeAll(async () => {
    h = await createHarness(await openFreshPostgres(url!, 25));
    // 120 SKUs on sale (two stores of 60): more than the cap, so racing adds can overshoot it.
    const store = (s: number) =>
      Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`s${s}-${i}`, { listPrice: 10000, campaignPrice: 8000 }]),
      );
    w = await buildWorld(h, 'cart-cap', [store(0), store(1)]);
    // Only a live campaign takes cart adds (CAMPAIGN_NOT_LIVE otherwise): into its selling days.
    h.clock.set('2026-12-05T12:00:00+08:00');
  }, 300_000);
  afterAll(() => h?.close());

  it('1,000 concurrent adds of 120 SKUs leave at most 100 lines; the rest are CART_FULL', async () => {
    const me = await h.signIn('consumer');
    const actor = {
      userId: me.userId,
      role: 'consumer' as const,
      email: me.email,
      displayName: 'c',
      via: 'session' as const,
    };
    const skus = Object.values(w.skus).map((s) => s.id);
    expect(skus).toHaveLength(120);
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        h.services.orders.cart.setItem(actor, {
          campaignId: w.campaignId,
          skuId: skus[i % skus.length]!,
          quantity: 1 + (i % 3),
        }),
      ),
    );
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    for (const e of refused) expect(e.code).toBe('CART_FULL');
    const lines = await h.ctx.db
      .selectFrom('cart_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', me.userId)
      .where('campaign_id', '=', w.campaignId)
      .executeTakeFirstOrThrow();
    expect(Number(lines.n)).toBe(MAX_CART_LINES);
  }, 300_000);
});

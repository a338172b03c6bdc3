import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { liveDemoCampaign } from './demo-campaigns';

type Services = ReturnType<typeof createServices>;

/**
 * Orders of the demo merchant's stores in the live festival, one in every state a store's pages
 * show: unpaid, paid (to ship, twice), shipped, delivered, completed, closed unpaid, cancelled after
 * payment (refunded in full), a refund waiting
 * for the store and one already refunded; bought by a demo buyer of their own (小红, funded by a
 * demo credit per order), so the demo shopper's wallet and order list are left for trying the venue.
 */
export type DemoOrderState =
  | 'unpaid'
  | 'paid'
  | 'shipped'
  | 'delivered'
  | 'completed'
  | 'closed'
  | 'cancelled'
  | 'refund_requested'
  | 'refunded';

export const DEMO_MERCHANT_ORDERS: readonly DemoOrderState[] = [
  'paid',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'closed',
  'cancelled',
  'refund_requested',
  'refunded',
  'unpaid',
];

export const DEMO_BUYER = { email: 'buyer@carnival.local', displayName: '小红', role: 'consumer' as const };
const MERCHANT = 'merchant@carnival.local';

async function actorOf(ctx: AppContext, email: string): Promise<Actor> {
  const u = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, role: u.role, email: u.email, displayName: u.display_name, via: 'session' };
}

export async function seedDemoMerchantOrders(
  ctx: AppContext,
  services: Services,
  password: string,
): Promise<number> {
  const { orders, afterSale, payments } = services;
  const campaign = await ctx.db
    .selectFrom('campaigns')
    .select('id')
    .where('slug', '=', liveDemoCampaign(ctx.clock.now()).slug)
    .executeTakeFirstOrThrow();
  const exists = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', DEMO_BUYER.email)
    .executeTakeFirst();
  if (!exists) await services.accounts.createUser({ ...DEMO_BUYER, password });
  const shopper = await actorOf(ctx, DEMO_BUYER.email);
  const merchant = await actorOf(ctx, MERCHANT);
  // The demo merchant's approved SKUs in the live festival, cheapest first (orders stay small).
  const skus = await ctx.db
    .selectFrom('nominations')
    .innerJoin('store_members', 'store_members.store_id', 'nominations.store_id')
    .select(['nominations.sku_id', 'nominations.campaign_price'])
    .where('nominations.campaign_id', '=', campaign.id)
    .where('nominations.status', '=', 'approved')
    .where('store_members.user_id', '=', merchant.userId)
    .orderBy('nominations.campaign_price')
    .orderBy('nominations.sku_id')
    .execute();
  if (skus.length === 0) return 0;

  let placedCount = 0;
  for (const [i, state] of DEMO_MERCHANT_ORDERS.entries()) {
    // The three cheapest in turn: a demo buyer's credit is capped (¥2,000.00 in all).
    const sku = skus[i % Math.min(3, skus.length)]!;
    await orders.cart.setItem(shopper, { campaignId: campaign.id, skuId: sku.sku_id, quantity: 1 });
    const placed = await orders.checkout(shopper, { campaignId: campaign.id }, `demo-merchant-checkout-${i}`);
    if (placed.status !== 201) throw new Error(`demo merchant order checkout: ${placed.text}`);
    const order = placed.body.order;
    placedCount++;
    if (state === 'unpaid') continue;
    if (state === 'closed') {
      await orders.cancel(shopper, order.id, `demo-merchant-cancel-${i}`);
      continue;
    }
    await payments.demoCredit({
      customerId: shopper.userId,
      amount: order.total,
      idempotencyKey: `demo-merchant-wallet-${i}`,
      actor: null,
    });
    const paid = await orders.pay(shopper, order.id, `demo-merchant-pay-${i}`);
    if (paid.status !== 200) throw new Error(`demo merchant order payment: ${paid.text}`);
    const sub = order.subOrders[0]!;
    if (state === 'cancelled') {
      await afterSale.refunds.cancelPaid(
        shopper,
        sub.id,
        '拍错了，不想要了',
        `demo-merchant-cancel-paid-${i}`,
      );
      continue;
    }
    if (state === 'refund_requested' || state === 'refunded') {
      const line = sub.lines[0]!;
      const asked = await afterSale.refunds.request(
        shopper,
        order.id,
        { lineId: line.id, reason: '不想要了' },
        `demo-merchant-refund-${i}`,
      );
      if (asked.status !== 201) throw new Error(`demo merchant refund: ${asked.text}`);
      if (state === 'refunded')
        await afterSale.refunds.approve(merchant, asked.body.refund.id, `demo-merchant-refund-ok-${i}`);
      continue;
    }
    if (state === 'paid') continue;
    await orders.ship(merchant, sub.id, {
      carrier: '顺丰速运',
      trackingNumber: `SF${5_208_300_000 + i * 7_919}`,
    });
    if (state === 'shipped') continue;
    await orders.deliver(merchant, sub.id);
    if (state === 'delivered') continue;
    await orders.confirm(shopper, sub.id);
  }
  ctx.logger.info({ orders: placedCount }, 'demo merchant orders seeded');
  return placedCount;
}

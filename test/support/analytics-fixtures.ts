import type { Kysely } from 'kysely';
import type { createServices } from '../../src/app';
import type { DomainEvent } from '../../src/platform/bus';
import type { DB } from '../../src/schema';
import { actor, type Shop } from './checkout-fixtures';
import { key, shopper } from './checkout-helpers';

type Services = ReturnType<typeof createServices>;

/**
 * A small festival day on the shop: three customers, five paid orders across both stores (one
 * customer buys twice), one order left unpaid, and one paid sub-order cancelled (an approved
 * refund). Returns the customers and the cancelled sub-order's refund amount.
 */
export async function sellSome(services: Services, db: Kysely<DB>, shop: Shop, customers: string[]) {
  const plan: [number, string, number][] = [
    [0, shop.sku.a1, 1],
    [1, shop.sku.b1, 2],
    [2, shop.sku.a2, 1],
    [0, shop.sku.b1, 1],
    [1, shop.sku.a1, 3],
  ];
  const paid: string[] = [];
  for (const c of customers) await shopper(services, shop.campaignId, c).topUp(500_000);
  for (const [who, sku, qty] of plan) {
    const s = shopper(services, shop.campaignId, customers[who]!);
    await s.put(sku, qty);
    const order = await s.checkout();
    await s.pay(order.id);
    paid.push(order.id);
  }
  // Placed, never paid: not a sale.
  const idle = shopper(services, shop.campaignId, customers[2]!);
  await idle.put(shop.sku.a1, 1);
  await idle.checkout();
  const refunded = await refundFirstSubOrder(services, db, paid[1]!, customers[1]!);
  return { paid, refunded };
}

/** Cancels the order's first sub-order after payment (refunds approved at once); the amount refunded. */
export async function refundFirstSubOrder(
  services: Services,
  db: Kysely<DB>,
  orderId: string,
  customerId: string,
) {
  const sub = await db
    .selectFrom('sub_orders')
    .select('id')
    .where('order_id', '=', orderId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const res = await services.afterSale.refunds.cancelPaid(
    actor(customerId, 'consumer'),
    sub.id,
    '不想要了',
    key('cancel'),
  );
  return (res.body as { refunds: { amount: number }[] }).refunds.reduce((s, r) => s + r.amount, 0);
}

/** The analytics topics' events as the outbox recorded them. */
export async function recordedEvents(db: Kysely<DB>): Promise<DomainEvent[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['event_id', 'topic', 'payload', 'created_at'])
    .where('topic', 'in', ['order.paid', 'refund.approved'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    id: r.event_id,
    topic: r.topic,
    occurredAt: new Date(r.created_at).toISOString(),
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
  }));
}

/** A deterministic shuffle (mulberry32): the same "random" order on every run. */
export function shuffled<T>(items: T[], seed = 16): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

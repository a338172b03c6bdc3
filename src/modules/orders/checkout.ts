import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { Campaign } from '../campaigns';
import { releaseStock, reserveStock } from '../catalog';
import { releaseCampaignStock, reserveCampaignStock } from '../enrollment';
import { redeem } from '../promotions';
import { quoteCart, redemptionOf } from './cart';
import { campaignNotLive, cartEmpty, presaleMixed, priceChanged, skuNotInVenue, soldOut } from './errors';
import { splitByStore } from './funding';
import { createGate } from './gate';
import { assertWithinHoldingCaps } from './holding-caps';
import type { Order } from './model';
import type { OrdersDeps } from './service';
import { takeCart, toOrder } from './store';

export interface CheckoutInput {
  campaignId: string;
  /** The total the customer saw; a different price now is 409 PRICE_CHANGED with the new quote. */
  expectedTotal?: number;
}

/**
 * The window the pre-sale balance (尾款) is paid in: the campaign's `balance` phase, else its
 * `main` phase, else from now to the campaign's end.
 */
export function balanceWindow(
  campaign: Pick<Campaign, 'phases' | 'endsAt'>,
  now: Date,
): { from: Date; until: Date } {
  const phase =
    campaign.phases.find((p) => p.key === 'balance') ?? campaign.phases.find((p) => p.key === 'main');
  if (phase) return { from: new Date(phase.startsAt), until: new Date(phase.endsAt) };
  return { from: now, until: new Date(campaign.endsAt) };
}

/** Takes stock on hand and campaign stock for each line, in SKU order; SOLD_OUT names the first SKU short. */
export async function reserveLines(
  trx: Kysely<DB>,
  campaignId: string,
  lines: readonly { sku: string; quantity: number }[],
): Promise<void> {
  for (const l of [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
    if ((await reserveStock(trx, l.sku, l.quantity)) === null) throw soldOut(l.sku, 'stock');
    if (!(await reserveCampaignStock(trx, campaignId, l.sku, l.quantity)))
      throw soldOut(l.sku, 'campaign_stock');
  }
}

/** Puts the stock of an order's lines back, in SKU order (the lock order of reserveLines). */
export async function releaseLines(
  trx: Kysely<DB>,
  campaignId: string,
  lines: readonly { sku_id: string; quantity: number; nomination_id: string | null }[],
): Promise<void> {
  for (const l of [...lines].sort((a, b) => (a.sku_id < b.sku_id ? -1 : a.sku_id > b.sku_id ? 1 : 0))) {
    await releaseStock(trx, l.sku_id, l.quantity);
    await releaseCampaignStock(trx, campaignId, l.sku_id, l.quantity, l.nomination_id);
  }
}

/**
 * Checkout (下单): one transaction takes the cart, prices it as the venue does, creates the
 * parent order and one sub-order per store with each line's funded adjustments, redeems
 * coupons, allowance and budgets (all or nothing) and reserves stock. Any refusal rolls all of
 * it back. The Idempotency-Key's stored answer commits in the same transaction.
 *
 * Writes go coldest first: new order rows, then per-customer and budget counters, then the
 * hot stock rows, so the row locks everyone queues on are held for the shortest time. Every
 * checkout takes locks in the same order (cart, the customer's row for the holding caps,
 * coupons, allowance, budgets by id, SKUs by id), so concurrent checkouts cannot deadlock.
 */
export function createCheckout(deps: OrdersDeps) {
  const { db, clock, campaigns, hooks } = deps;
  const gate = createGate(deps.hotPathConcurrency);

  async function checkout(
    actor: Actor,
    input: CheckoutInput,
    key: string,
  ): Promise<IdempotentResult<{ order: Order }>> {
    const campaign = await campaigns.get(input.campaignId, actor);
    const result = await runIdempotent<{ order: Order }>(
      db,
      {
        scope: `checkout:${actor.userId}`,
        key,
        fingerprint: requestFingerprint(['checkout', campaign.id, input.expectedTotal ?? null]),
      },
      async (trx) => {
        const now = clock.now();
        if (campaign.status !== 'live') throw campaignNotLive(campaign.id, campaign.status);
        const cart = await takeCart(trx, actor.userId, campaign.id);
        if (cart.length === 0) throw cartEmpty(campaign.id);
        const items = cart.map((c) => ({ sku: c.sku_id, quantity: c.quantity }));
        await assertWithinHoldingCaps(trx, deps.holdingCaps, {
          customerId: actor.userId,
          campaignId: campaign.id,
          items,
        });
        const q = await quoteCart(trx, actor.userId, campaign.id, items, now);
        const missing = q.venue.missing[0];
        if (missing) throw skuNotInVenue(missing.sku, 'items');
        if (input.expectedTotal !== undefined && input.expectedTotal !== q.priced.total)
          throw priceChanged(input.expectedTotal, q.priced);

        const presale = q.priced.lines.filter((l) => l.deposit !== undefined);
        if (presale.length > 0 && presale.length !== q.priced.lines.length) {
          const ids = new Set(presale.map((l) => l.id));
          throw presaleMixed(
            q.venue.lines.filter((l) => ids.has(l.id)).map((l) => l.sku),
            q.venue.lines.filter((l) => !ids.has(l.id)).map((l) => l.sku),
          );
        }
        const depositTotal = presale.reduce((s, l) => s + (l.deposit ?? 0), 0);
        const window = presale.length > 0 ? balanceWindow(campaign, now) : null;
        const redemption = redemptionOf(q);
        const subs = splitByStore(q.venue.lines, q.priced);
        const byLine = new Map(q.venue.lines.map((l) => [l.id, l]));

        const orderId = newId('ord', now.getTime());
        const orderRow = await trx
          .insertInto('orders')
          .values({
            id: orderId,
            customer_id: actor.userId,
            campaign_id: campaign.id,
            status: 'created',
            currency: q.priced.currency,
            subtotal: q.priced.subtotal,
            discount: q.priced.discount,
            total: q.priced.total,
            merchant_funded: subs.reduce((s, x) => s + x.merchantFunded, 0),
            platform_funded: subs.reduce((s, x) => s + x.platformFunded, 0),
            allowance_used: redemption.allowance,
            deposit_total: depositTotal,
            balance_total: presale.length > 0 ? q.priced.total - depositTotal : 0,
            balance_due_from: window?.from ?? null,
            balance_due_until: window?.until ?? null,
            deposit_rule: q.venue.depositRule,
            pay_by: new Date(now.getTime() + deps.unpaidOrderTimeoutMinutes * 60_000),
            pricing: JSON.stringify(q.priced),
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        // One INSERT per table for all stores (fewer round trips inside the transaction).
        const subIds = subs.map(() => newId('sub', now.getTime()));
        const subRows = await trx
          .insertInto('sub_orders')
          .values(
            subs.map((sub, i) => ({
              id: subIds[i]!,
              order_id: orderId,
              store_id: sub.store,
              status: 'created' as const,
              subtotal: sub.subtotal,
              discount: sub.discount,
              total: sub.total,
              merchant_funded: sub.merchantFunded,
              platform_funded: sub.platformFunded,
              created_at: now,
              updated_at: now,
            })),
          )
          .returningAll()
          .execute();
        let n = 0;
        const lineRows = await trx
          .insertInto('order_lines')
          .values(
            subs.flatMap((sub, i) =>
              sub.lines.map((l) => {
                const v = byLine.get(l.id)!;
                return {
                  id: `${orderId}-L${String(++n).padStart(3, '0')}`,
                  order_id: orderId,
                  sub_order_id: subIds[i]!,
                  store_id: sub.store,
                  sku_id: l.sku,
                  nomination_id: v.nominationId,
                  title: v.title,
                  list_price: l.unitPrice,
                  unit_price: v.campaignPrice,
                  quantity: l.quantity,
                  subtotal: l.subtotal,
                  discount: l.discount,
                  total: l.total,
                  merchant_funded: l.merchantFunded,
                  platform_funded: l.platformFunded,
                  deposit: l.deposit,
                  balance: l.balance,
                  adjustments: JSON.stringify(l.adjustments),
                };
              }),
            ),
          )
          .returningAll()
          .execute();
        const event = {
          from_status: null,
          to_status: 'created',
          actor_id: actor.userId,
          actor_role: actor.role,
          reason: null,
          at: now,
        };
        const eventRows = await trx
          .insertInto('order_events')
          .values([
            ...subIds.map((id) => ({ ...event, order_id: orderId, sub_order_id: id })),
            { ...event, order_id: orderId, sub_order_id: null },
          ])
          .returningAll()
          .execute();
        await recordEvent(
          trx,
          'order.created',
          {
            orderId,
            customerId: actor.userId,
            campaignId: campaign.id,
            total: q.priced.total,
            depositTotal,
            stores: subs.map((s) => s.store),
          },
          clock,
        );
        const byId = <T extends { id: string | number }>(rows: T[]) =>
          rows.sort((x, y) => (x.id < y.id ? -1 : 1));
        const order = toOrder(orderRow, byId(subRows), byId(lineRows), byId(eventRows));
        await hooks.afterOrderInsert?.(orderId);

        // The contended rows last: budget counters, then the SKUs' stock, held only until commit.
        await redeem(trx, {
          orderId,
          customerId: actor.userId,
          campaignId: campaign.id,
          ...redemption,
          now,
        });
        await hooks.afterRedeem?.(orderId);
        await reserveLines(trx, campaign.id, items);
        await hooks.afterStockReserved?.(orderId);
        return { status: 201, body: { order } };
      },
      { gate },
    );
    if (!result.replayed) deps.onEventsRecorded?.();
    return result;
  }

  return { checkout };
}

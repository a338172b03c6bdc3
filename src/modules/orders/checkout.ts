import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { outboxRow } from '../../platform/bus';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import type { DB } from '../../schema';
import { releaseStock } from '../catalog';
import { buildVenueScenario, cachedVenueRules, cachedVenueSkus, releaseCampaignStock } from '../enrollment';
import { redeem } from '../promotions';
import type { GreenChoiceId } from '../rural';
import { budgetCandidates, quoteFrom, redemptionOf } from './cart';
import { customerReads, lockCustomerTakeCart } from './checkout-reads';
import { reserveStockLast, writeOrder } from './checkout-writes';
import { campaignNotLive, cartEmpty, presaleMixed, priceChanged, skuNotInVenue } from './errors';
import { createGate } from './gate';
import { checkHoldingCaps } from './holding-caps';
import type { Order } from './model';
import { draftOrderRows } from './order-drafts';
import type { OrdersDeps } from './service';
import { toOrder } from './store';

export interface CheckoutInput {
  campaignId: string;
  /** The total the customer saw; a different price now is 409 PRICE_CHANGED with the new quote. */
  expectedTotal?: number;
  /** One of the customer's saved addresses; the order keeps a copy (docs/addresses.md). */
  addressId?: string;
  /** Green choices at checkout (src/modules/rural): recorded by the onOrderPlaced hook. */
  greenChoices?: readonly GreenChoiceId[];
}

/** Puts the stock of an order's lines back, in SKU order (the lock order of reserveStockLast). */
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
 * Round trips (docs/checkout-hot-path.md): outside the transaction the session, the claim
 * (claim-first) and, cached in process, the campaign and its venue; inside, BEGIN, the
 * customer's lock with the cart (checkout-reads.ts), the customer's reads in one statement,
 * the order's rows with the outbox event and the stored answer in one statement
 * (checkout-writes.ts), redeem (no statement when no coupon, allowance or budget applies), the
 * stock of all lines in one statement, COMMIT.
 *
 * Writes go coldest first: new order rows and the answer, then per-customer and budget
 * counters, then the hot stock rows, issued last, so the row locks everyone queues on are held
 * for one round trip and the COMMIT. Every checkout takes locks in the same order (the
 * customer's row, the cart, coupons, allowance, budgets by id, SKUs by id), so concurrent
 * checkouts cannot deadlock.
 */
export function createCheckout(deps: OrdersDeps) {
  const { db, clock, campaigns, hooks } = deps;
  const gate = createGate(deps.hotPathConcurrency);

  async function checkout(
    actor: Actor,
    input: CheckoutInput,
    key: string,
  ): Promise<IdempotentResult<{ order: Order }>> {
    const campaign = await campaigns.getCached(input.campaignId, actor);
    // Before the transaction: on PGlite it holds the only connection, and a cache miss here
    // reads through the pool.
    const rules = await cachedVenueRules(db, campaign.id);
    const shippingAddress =
      input.addressId && deps.addresses ? await deps.addresses.snapshot(actor.userId, input.addressId) : null;
    const result = await runIdempotent<{ order: Order }>(
      db,
      {
        scope: `checkout:${actor.userId}`,
        key,
        fingerprint: requestFingerprint([
          'checkout',
          campaign.id,
          input.expectedTotal ?? null,
          ...(input.addressId ? [input.addressId] : []),
          // Only when given, so the fingerprints of checkouts without them are unchanged.
          ...(input.greenChoices?.length ? [[...new Set(input.greenChoices)].sort().join(',')] : []),
        ]),
      },
      async (trx, claim) => {
        const now = clock.now();
        if (campaign.status !== 'live') throw campaignNotLive(campaign.id, campaign.status);
        const cart = await lockCustomerTakeCart(trx, actor.userId, campaign.id);
        if (cart.length === 0) throw cartEmpty(campaign.id);
        const items = cart.map((c) => ({ sku: c.sku_id, quantity: c.quantity }));
        const skuIds = [...new Set(items.map((i) => i.sku))];
        const [reads, skus] = await Promise.all([
          customerReads(trx, {
            customerId: actor.userId,
            campaignId: campaign.id,
            skuIds,
            promotionIds: budgetCandidates(rules.promotions),
            now,
          }),
          cachedVenueSkus(db, campaign.id, skuIds, trx),
        ]);
        checkHoldingCaps(deps.holdingCaps, reads.holdings, items);
        const couponIds = reads.coupons.map((c) => c.id);
        const venue = buildVenueScenario(rules, skus, {
          campaignId: campaign.id,
          lines: items,
          customer: { id: actor.userId, coupons: couponIds, allowanceBalance: reads.allowance },
          now,
          extraPromotions: reads.coupons.map((c) => c.promotion),
        });
        const q = quoteFrom(venue, couponIds, reads.allowance, reads.exhausted);
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
        const redemption = redemptionOf(q);
        const rows = draftOrderRows(q, {
          actor,
          campaign,
          now,
          payBy: new Date(now.getTime() + deps.unpaidOrderTimeoutMinutes * 60_000),
          allowanceUsed: redemption.allowance,
          shippingAddress,
        });
        const orderId = rows.order.id;
        const outbox = outboxRow(
          'order.created',
          {
            orderId,
            customerId: actor.userId,
            campaignId: campaign.id,
            total: q.priced.total,
            depositTotal: Number(rows.order.deposit_total),
            stores: rows.subs.map((s) => s.store_id),
          },
          clock,
        );
        const body = { order: toOrder(rows.order, rows.subs, rows.lines, rows.events) };
        const text = JSON.stringify(body);
        await writeOrder(trx, rows, outbox.row, { claim, status: 201, text });
        await hooks.afterOrderInsert?.(orderId);
        if (input.greenChoices?.length)
          await deps.onOrderPlaced?.(
            trx,
            {
              orderId,
              customerId: actor.userId,
              parcels: rows.subs.length,
              greenChoices: input.greenChoices,
            },
            now,
          );

        // The contended rows last: budget counters, then the SKUs' stock, held only until commit.
        await redeem(trx, {
          orderId,
          customerId: actor.userId,
          campaignId: campaign.id,
          ...redemption,
          now,
          budgeted: reads.budgeted,
        });
        await hooks.afterRedeem?.(orderId);
        // With the test seam between the stock and COMMIT set, the two stay separate trips.
        const commit = deps.commitWithStock && !hooks.afterStockReserved;
        await reserveStockLast(trx, campaign.id, items, { commit });
        await hooks.afterStockReserved?.(orderId);
        return { status: 201, body, text, answerStored: true };
      },
      { gate },
    );
    if (!result.replayed) deps.onEventsRecorded?.();
    return result;
  }

  return { checkout };
}

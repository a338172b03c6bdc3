import type { Actor } from '../../platform/auth';
import { outboxRow } from '../../platform/bus';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { type ClaimedReservation, claimReservationForOrder } from '../flash-sales';
import { type PricedCart, priceCart } from '../pricing';
import { writeOrder } from './checkout-writes';
import { priceChanged } from './errors';
import { createGate } from './gate';
import type { Order } from './model';
import { type DraftLine, draftOrderRows } from './order-drafts';
import type { OrdersDeps } from './service';
import { toOrder } from './store';

export interface FlashCheckoutInput {
  /** The total the customer saw; a different one is 409 PRICE_CHANGED with the real one. */
  expectedTotal?: number;
}

/** The promotion id of a slot's flash price on an order line's adjustments (秒杀价). */
export const flashPromotionId = (slotId: string) => `flash_sale.${slotId}`;

/**
 * The order of a flash-sale reservation, priced: the line at the SKU's list price (copied into
 * the slot when it was created) with ONE item-layer adjustment down to the flash price, the
 * promotion `flash_sale.<slotId>`, funded by the merchant (the item layer's default: the store
 * set the price). No other promotion applies: a 秒杀价 is the price, not a base for 满减,
 * coupons or allowance (docs/flash-sales.md). Priced by the same engine as every cart, so the
 * order reads like any other: subtotal at list, the discount explained, total = flash x qty.
 */
export function flashQuote(claim: ClaimedReservation, now: Date): { lines: DraftLine[]; priced: PricedCart } {
  const { slot, reservation } = claim;
  const line: DraftLine = {
    id: 'l1',
    sku: slot.skuId,
    store: slot.storeId,
    unitPrice: slot.listPrice,
    quantity: reservation.quantity,
    nominationId: slot.nominationId,
    title: slot.title,
    campaignPrice: slot.flashPrice,
  };
  const priced = priceCart({
    currency: slot.currency,
    now: now.toISOString(),
    promotions: [
      {
        id: flashPromotionId(slot.id),
        layer: 'item',
        type: 'fixed_price',
        price: slot.flashPrice,
        skus: [slot.skuId],
      },
    ],
    customer: { id: reservation.customerId },
    lines: [
      { id: line.id, sku: line.sku, store: line.store, unitPrice: line.unitPrice, quantity: line.quantity },
    ],
  });
  return { lines: [line], priced };
}

/**
 * Checkout of a reservation (秒杀下单): one transaction claims the reservation (`reserved ->
 * ordered`, flash-sales/order-claims.ts) and writes the order: one sub-order, one line at the
 * flash price naming the reservation, the outbox event `order.created`, and the
 * Idempotency-Key's stored answer (checkout-writes.ts writeOrder, the cart checkout's
 * statement). It NEVER touches `skus.stock` or the nomination's campaign stock: the slot's
 * units were carved out of both when it was created, and the reservation already holds one.
 * A refusal (expired, not live, another customer's) rolls everything back, and the stored
 * refusal answers a retry with the same key.
 *
 * The order must be paid within the slot's checkout minutes (or the shop's unpaid-order
 * timeout, if shorter): a flash unit someone else is waiting for is not held for long. When it
 * closes unpaid the unit goes back to the slot (lifecycle.ts), never to the SKU.
 */
export function createFlashCheckout(deps: OrdersDeps) {
  const { db, clock } = deps;
  const gate = createGate(deps.hotPathConcurrency);

  async function checkoutReservation(
    actor: Actor,
    reservationId: string,
    input: FlashCheckoutInput,
    key: string,
  ): Promise<IdempotentResult<{ order: Order }>> {
    const result = await runIdempotent<{ order: Order }>(
      db,
      {
        scope: `flash-checkout:${actor.userId}`,
        key,
        fingerprint: requestFingerprint(['flash-checkout', reservationId, input.expectedTotal ?? null]),
      },
      async (trx, claim) => {
        const now = clock.now();
        const orderId = newId('ord', now.getTime());
        const claimed = await claimReservationForOrder(trx, {
          reservationId,
          customerId: actor.userId,
          orderId,
          now,
        });
        const { slot } = claimed;
        const { lines, priced } = flashQuote(claimed, now);
        if (input.expectedTotal !== undefined && input.expectedTotal !== priced.total)
          throw priceChanged(input.expectedTotal, priced);
        const payMinutes = Math.min(deps.unpaidOrderTimeoutMinutes, slot.checkoutMinutes);
        const rows = draftOrderRows(
          { venue: { lines, depositRule: 'forfeit' }, priced },
          {
            actor,
            // A flash line is never a pre-sale line, so the draft never reads the balance window.
            campaign: { id: slot.campaignId, phases: [], endsAt: slot.endsAt.toISOString() },
            now,
            payBy: new Date(now.getTime() + payMinutes * 60_000),
            allowanceUsed: 0,
            orderId,
            flashReservationId: reservationId,
          },
        );
        const outbox = outboxRow(
          'order.created',
          {
            orderId,
            customerId: actor.userId,
            campaignId: slot.campaignId,
            total: priced.total,
            depositTotal: 0,
            stores: [slot.storeId],
            flashSale: { slotId: slot.id, reservationId },
          },
          clock,
        );
        const body = { order: toOrder(rows.order, rows.subs, rows.lines, rows.events) };
        const text = JSON.stringify(body);
        await writeOrder(trx, rows, outbox.row, { claim, status: 201, text });
        return { status: 201, body, text, answerStored: true };
      },
      { gate },
    );
    if (!result.replayed) deps.onEventsRecorded?.();
    return result;
  }

  return { checkoutReservation };
}

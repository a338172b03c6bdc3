import type { Actor } from '../../platform/auth';
import { newId } from '../../platform/ids';
import type { ShippingAddress } from '../addresses';
import type { Campaign } from '../campaigns';
import type { VenueLine, VenueScenario } from '../enrollment';
import type { PricedCart } from '../pricing';
import { LINE_DEFAULTS, ORDER_DEFAULTS, type OrderRows, SUB_ORDER_DEFAULTS } from './checkout-writes';
import { splitByStore } from './funding';
import type { OrderRow, SubOrderRow } from './store';

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

/** A line as the draft needs it: what was bought, from which nomination, at which unit price. */
export type DraftLine = Pick<
  VenueLine,
  'id' | 'sku' | 'store' | 'unitPrice' | 'quantity' | 'nominationId' | 'title' | 'campaignPrice'
>;

/** What an order is drafted from: the lines bought and their priced cart (ids match). */
export interface OrderQuote {
  venue: { lines: readonly DraftLine[]; depositRule: VenueScenario['depositRule'] };
  priced: PricedCart;
}

/**
 * The order's rows as the database will hold them (checkout-writes.ts ORDER_DEFAULTS...):
 * the parent order, one sub-order per store (拆单) in id order, the lines, and the `created`
 * events (each sub-order's, then the order's). The cart checkout and the checkout of a
 * flash-sale reservation (flash-checkout.ts) both draft through here, so an order looks the
 * same whichever way it was bought.
 */
export function draftOrderRows(
  q: OrderQuote,
  o: {
    actor: Actor;
    campaign: Pick<Campaign, 'id' | 'phases' | 'endsAt'>;
    now: Date;
    payBy: Date;
    allowanceUsed: number;
    /** The order's id when the caller needs it before drafting (default: a new one). */
    orderId?: string;
    /** Lines bought through a flash-sale reservation name it (default: none). */
    flashReservationId?: string | null;
    /** The address picked at checkout (default: none). */
    shippingAddress?: ShippingAddress | null;
  },
): OrderRows {
  const { now } = o;
  const presale = q.priced.lines.filter((l) => l.deposit !== undefined);
  const depositTotal = presale.reduce((s, l) => s + (l.deposit ?? 0), 0);
  const window = presale.length > 0 ? balanceWindow(o.campaign, now) : null;
  const splits = splitByStore(q.venue.lines, q.priced);
  const byLine = new Map(q.venue.lines.map((l) => [l.id, l]));
  const orderId = o.orderId ?? newId('ord', now.getTime());
  const order: OrderRow = {
    id: orderId,
    customer_id: o.actor.userId,
    campaign_id: o.campaign.id,
    status: 'created',
    currency: q.priced.currency,
    subtotal: q.priced.subtotal,
    discount: q.priced.discount,
    total: q.priced.total,
    merchant_funded: splits.reduce((s, x) => s + x.merchantFunded, 0),
    platform_funded: splits.reduce((s, x) => s + x.platformFunded, 0),
    allowance_used: o.allowanceUsed,
    deposit_total: depositTotal,
    balance_total: presale.length > 0 ? q.priced.total - depositTotal : 0,
    balance_due_from: window?.from ?? null,
    balance_due_until: window?.until ?? null,
    deposit_rule: q.venue.depositRule,
    pay_by: o.payBy,
    pricing: q.priced,
    shipping_address: o.shippingAddress ?? null,
    shipping_province: o.shippingAddress?.region.province ?? null,
    created_at: now,
    updated_at: now,
    ...ORDER_DEFAULTS,
  };
  const subIds = splits.map(() => newId('sub', now.getTime()));
  const subs: SubOrderRow[] = splits.map((sub, i) => ({
    id: subIds[i]!,
    order_id: orderId,
    store_id: sub.store,
    status: 'created',
    subtotal: sub.subtotal,
    discount: sub.discount,
    total: sub.total,
    merchant_funded: sub.merchantFunded,
    platform_funded: sub.platformFunded,
    created_at: now,
    updated_at: now,
    ...SUB_ORDER_DEFAULTS,
  }));
  let n = 0;
  const lines = splits.flatMap((sub, i) =>
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
        adjustments: l.adjustments,
        flash_reservation_id: o.flashReservationId ?? null,
        ...LINE_DEFAULTS,
      };
    }),
  );
  const event = {
    from_status: null,
    to_status: 'created',
    actor_id: o.actor.userId,
    actor_role: o.actor.role,
    reason: null,
    at: now,
    order_id: orderId,
  };
  const events = [
    ...subIds.map((id, i) => ({ ...event, id: i + 1, sub_order_id: id })),
    { ...event, id: subIds.length + 1, sub_order_id: null },
  ];
  // toOrder lists sub-orders and lines in id order, as loadOrder reads them back.
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((x, y) => (x.id < y.id ? -1 : 1));
  return { order, subs: byId(subs), lines: byId(lines), events };
}

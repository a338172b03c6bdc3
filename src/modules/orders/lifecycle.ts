import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import { notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import type { DB } from '../../schema';
import { releaseReservationsOfOrder } from '../flash-sales';
import { credit, debit, merchantPayable, platformClearing } from '../ledger';
import { release } from '../promotions';
import { releaseLines } from './checkout';
import { invalidTransition, orderNotCancellable } from './errors';
import type { Order, SubOrder } from './model';
import type { OrdersDeps } from './service';
import { findSubOrder, linesOf, loadOrder, recordOrderEvent, toSubOrder } from './store';
import type { SubOrderStatus } from './tables';

export type CloseReason = 'payment_timeout' | 'cancelled_by_customer' | 'balance_timeout';

/**
 * Closes an unpaid order and gives back what it held: stock, coupons, allowance, budgets.
 * The conditional `UPDATE orders SET status = 'closed' WHERE id = $1 AND status = 'created'`
 * decides who does the giving back: of two closers (two sweeps, a sweep and a cancel, a sweep
 * and a payment) exactly one gets the row; the others find nothing and change nothing.
 * `due`: only when pay_by has passed (the timeout); absent for a cancel.
 */
export async function closeUnpaid(
  trx: Kysely<DB>,
  deps: Pick<OrdersDeps, 'clock'>,
  orderId: string,
  reason: CloseReason,
  actor: Actor | null,
  due?: Date,
): Promise<boolean> {
  const now = deps.clock.now();
  let q = trx
    .updateTable('orders')
    .set({ status: 'closed', closed_at: now, close_reason: reason, updated_at: now })
    .where('id', '=', orderId)
    .where('status', '=', 'created');
  if (due) q = q.where('pay_by', '<=', due);
  const closed = await q.returning(['id', 'campaign_id', 'customer_id']).executeTakeFirst();
  if (!closed) return false;
  await giveBack(trx, deps, orderId, closed.campaign_id, 'created', reason, actor, now);
  return true;
}

/**
 * A pre-sale order whose balance was not paid inside its window: closed, stock, coupons,
 * allowance and budgets back, and the deposit kept by the campaign's rule: `forfeit` moves it
 * from clearing to the stores' payables (in proportion to their lines' deposits), `refund`
 * sends it back to the wallet it came from.
 */
export async function closeOverdueBalance(
  trx: Kysely<DB>,
  deps: Pick<OrdersDeps, 'clock' | 'ledger'>,
  orderId: string,
  due: Date,
): Promise<boolean> {
  const now = deps.clock.now();
  const closed = await trx
    .updateTable('orders')
    .set({ status: 'closed', closed_at: now, close_reason: 'balance_timeout', updated_at: now })
    .where('id', '=', orderId)
    .where('status', '=', 'deposit_paid')
    .where('balance_due_until', '<=', due)
    .returning(['id', 'campaign_id', 'customer_id', 'deposit_rule', 'currency', 'amount_paid'])
    .executeTakeFirst();
  if (!closed) return false;
  const deposit = await trx
    .selectFrom('payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('kind', '=', 'deposit')
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  if (deposit) {
    const amount = Number(deposit.amount);
    if (closed.deposit_rule === 'refund') {
      const refunded = await deps.ledger.wallet.refund(
        {
          providerRef: deposit.provider_ref!,
          amount,
          idempotencyKey: `${orderId}:deposit`,
          reference: orderId,
        },
        { trx },
      );
      if (refunded.status === 'failed')
        throw new Error(`deposit refund of ${orderId} failed: ${refunded.failureCode}`);
    } else {
      const byStore = await trx
        .selectFrom('order_lines')
        .select(['store_id'])
        .select((eb) => eb.fn.sum<number>('deposit').as('deposit'))
        .where('order_id', '=', orderId)
        .groupBy('store_id')
        .orderBy('store_id')
        .execute();
      const entries = [debit(platformClearing(closed.currency), amount)];
      let left = amount;
      byStore.forEach((s, i) => {
        // The lines' deposits sum to the deposit paid; the last store takes any difference.
        const part = i === byStore.length - 1 ? left : Math.min(left, Number(s.deposit ?? 0));
        left -= part;
        if (part > 0) entries.push(credit(merchantPayable(s.store_id, closed.currency), part));
      });
      await deps.ledger.post(trx, {
        kind: 'order.deposit_forfeit',
        reference: orderId,
        idempotencyKey: `order.deposit_forfeit:${orderId}`,
        entries,
      });
    }
  }
  await giveBack(trx, deps, orderId, closed.campaign_id, 'deposit_paid', 'balance_timeout', null, now, {
    depositRule: closed.deposit_rule,
  });
  return true;
}

async function giveBack(
  trx: Kysely<DB>,
  deps: Pick<OrdersDeps, 'clock'>,
  orderId: string,
  campaignId: string,
  from: string,
  reason: CloseReason,
  actor: Actor | null,
  now: Date,
  extra: Record<string, unknown> = {},
) {
  const lines = await linesOf(trx, orderId);
  // Lock order as at checkout: coupons, allowance, budgets (inside release), then stock by SKU.
  const released = await release(trx, orderId, { coupons: true, allowance: true, promotions: true, now });
  // A flash line's unit was carved out of the SKU into its slot: it goes back to the slot (and
  // from there to the next customer), never to the SKU's stock (docs/flash-sales.md).
  const flash = lines.filter((l) => l.flash_reservation_id !== null);
  await releaseLines(
    trx,
    campaignId,
    lines.filter((l) => l.flash_reservation_id === null),
  );
  if (flash.length > 0) await releaseReservationsOfOrder(trx, { orderId, now });
  const subs = await trx
    .updateTable('sub_orders')
    .set({ status: 'closed', updated_at: now })
    .where('order_id', '=', orderId)
    .where('status', '=', from as SubOrderStatus)
    .returning('id')
    .execute();
  for (const s of subs)
    await recordOrderEvent(trx, { orderId, subOrderId: s.id, from, to: 'closed', actor, reason, at: now });
  await recordOrderEvent(trx, { orderId, from, to: 'closed', actor, reason, at: now });
  await recordEvent(
    trx,
    'order.closed',
    {
      orderId,
      campaignId,
      reason,
      released: {
        coupons: released.coupons.map((c) => c.couponId),
        allowance: released.allowance,
        promotions: released.promotions.map((p) => p.promotionId),
        units: lines.reduce((s, l) => s + l.quantity, 0),
      },
      ...extra,
    },
    deps.clock,
  );
}

/** Completes the parent order once none of its sub-orders is still on its way. */
async function completeOrderIfDone(trx: Kysely<DB>, orderId: string, now: Date, actor: Actor | null) {
  const done = await trx
    .updateTable('orders')
    .set({ status: 'completed', updated_at: now })
    .where('id', '=', orderId)
    .where('status', '=', 'paid')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('sub_orders')
            .select('id')
            .where('order_id', '=', orderId)
            .where('status', 'not in', ['completed', 'cancelled', 'closed']),
        ),
      ),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('sub_orders')
          .select('id')
          .where('order_id', '=', orderId)
          .where('status', '=', 'completed'),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  if (done) {
    await recordOrderEvent(trx, { orderId, from: 'paid', to: 'completed', actor, at: now });
    await recordEvent(trx, 'order.completed', { orderId }, { now: () => now });
  }
}

/**
 * Moves a sub-order one step, conditionally on the status it must be in. Repeating a step that
 * already happened answers the sub-order as it is (a retried ship or carrier callback).
 */
async function step(
  trx: Kysely<DB>,
  subOrderId: string,
  from: SubOrderStatus,
  to: SubOrderStatus,
  set: Record<string, unknown>,
  actor: Actor | null,
  now: Date,
  reason?: string,
  onCompleted?: OrdersDeps['onSubOrderCompleted'],
): Promise<boolean> {
  const moved = await trx
    .updateTable('sub_orders')
    .set({ status: to, updated_at: now, ...set })
    .where('id', '=', subOrderId)
    .where('status', '=', from)
    .returning(['id', 'order_id'])
    .executeTakeFirst();
  if (!moved) return false;
  await recordOrderEvent(trx, { orderId: moved.order_id, subOrderId, from, to, actor, reason, at: now });
  await recordEvent(
    trx,
    `sub_order.${to}`,
    { subOrderId, orderId: moved.order_id, from, to },
    { now: () => now },
  );
  if (to === 'completed') {
    await onCompleted?.(trx, subOrderId, now);
    await completeOrderIfDone(trx, moved.order_id, now, actor);
  }
  return true;
}

export function createLifecycle(deps: OrdersDeps) {
  const { db, clock, merchants } = deps;

  async function loadSub(id: string) {
    const sub = await findSubOrder(db, id);
    if (!sub) throw notFound('Sub-order', id);
    return sub;
  }

  async function subView(id: string): Promise<SubOrder> {
    const sub = (await findSubOrder(db, id))!;
    const lines = await db
      .selectFrom('order_lines')
      .selectAll()
      .where('sub_order_id', '=', id)
      .orderBy('id')
      .execute();
    return toSubOrder(sub, lines);
  }

  async function transition(
    id: string,
    from: SubOrderStatus,
    to: SubOrderStatus,
    set: Record<string, unknown>,
    actor: Actor | null,
    reason?: string,
    same?: (s: Awaited<ReturnType<typeof loadSub>>) => boolean,
  ): Promise<SubOrder> {
    const now = clock.now();
    const moved = await db
      .transaction()
      .execute((trx) => step(trx, id, from, to, set, actor, now, reason, deps.onSubOrderCompleted));
    if (moved) deps.onEventsRecorded?.();
    else {
      const current = await loadSub(id);
      if (current.status !== to || (same && !same(current))) throw invalidTransition(id, current.status, to);
    }
    return subView(id);
  }

  /** A store's staff ship a paid sub-order. */
  async function ship(actor: Actor, id: string, input: { carrier: string; trackingNumber: string }) {
    const sub = await loadSub(id);
    await merchants.access(actor, sub.store_id, 'staff', { what: 'Sub-order', id });
    const tracking = { carrier: input.carrier, trackingNumber: input.trackingNumber };
    return transition(
      id,
      'paid',
      'shipped',
      { tracking: JSON.stringify(tracking), shipped_at: clock.now() },
      actor,
      undefined,
      (s) => JSON.stringify(s.tracking) === JSON.stringify(tracking),
    );
  }

  /** Delivery: the store's staff or an operator (a carrier's callback comes in as an operator key). */
  async function deliver(actor: Actor, id: string) {
    const sub = await loadSub(id);
    if (actor.role !== 'operator')
      await merchants.access(actor, sub.store_id, 'staff', { what: 'Sub-order', id });
    return transition(id, 'shipped', 'delivered', { delivered_at: clock.now() }, actor);
  }

  /** The customer confirms receipt (确认收货): delivered → completed. */
  async function confirm(actor: Actor, id: string) {
    const sub = await loadSub(id);
    const order = await db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', sub.order_id)
      .executeTakeFirst();
    if (!order || order.customer_id !== actor.userId) throw notFound('Sub-order', id);
    // 确认收货 once shipped, as on Tmall (issue 9): receipt confirmed is delivery too.
    if (sub.status === 'shipped')
      return transition(
        id,
        'shipped',
        'completed',
        { delivered_at: clock.now(), completed_at: clock.now() },
        actor,
      );
    return transition(id, 'delivered', 'completed', { completed_at: clock.now() }, actor);
  }

  /**
   * The customer cancels an unpaid order: closed, and everything it held given back. Takes an
   * Idempotency-Key like pay: a duplicate that arrives while the first runs gets the first's
   * answer, never NOT_CANCELLABLE for an order the first one just closed.
   */
  async function cancel(
    actor: Actor,
    orderId: string,
    key: string,
  ): Promise<IdempotentResult<{ order: Order }>> {
    const result = await runIdempotent<{ order: Order }>(
      db,
      { scope: `order.cancel:${actor.userId}`, key, fingerprint: requestFingerprint(['cancel', orderId]) },
      async (trx) => {
        const order = await trx
          .selectFrom('orders')
          .select('customer_id')
          .where('id', '=', orderId)
          .executeTakeFirst();
        if (!order || order.customer_id !== actor.userId) throw notFound('Order', orderId);
        const closed = await closeUnpaid(trx, deps, orderId, 'cancelled_by_customer', actor);
        if (!closed) {
          const current = await trx
            .selectFrom('orders')
            .select('status')
            .where('id', '=', orderId)
            .executeTakeFirstOrThrow();
          // Cancelling again answers the closed order. A paid order is cancelled by a full refund,
          // which is the refunds engine's (refunds.ts), not this endpoint's.
          if (current.status !== 'closed') throw orderNotCancellable(orderId, current.status);
        }
        return { status: 200, body: { order: (await loadOrder(trx, orderId))! } };
      },
    );
    if (!result.replayed && result.status < 300) deps.onEventsRecorded?.();
    return result;
  }

  /** Delivered sub-orders not confirmed within `autoConfirmDays` complete on their own. */
  async function autoConfirm(now: Date, limit = 200): Promise<number> {
    const before = new Date(now.getTime() - deps.autoConfirmDays * 86_400_000);
    const due = await db
      .selectFrom('sub_orders')
      .select('id')
      .where('status', '=', 'delivered')
      .where('delivered_at', '<=', before)
      .orderBy('delivered_at')
      .limit(limit)
      .execute();
    let n = 0;
    for (const d of due) {
      const moved = await db
        .transaction()
        .execute((trx) =>
          step(
            trx,
            d.id,
            'delivered',
            'completed',
            { completed_at: now },
            null,
            now,
            'auto_confirm',
            deps.onSubOrderCompleted,
          ),
        );
      if (moved) n++;
    }
    if (n > 0) deps.onEventsRecorded?.();
    return n;
  }

  return { ship, deliver, confirm, cancel, autoConfirm };
}

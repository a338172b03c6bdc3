import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import { notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { orderPaymentEntries, platformClearing } from '../ledger';
import { balanceNotDue, insufficientFunds, orderNotPayable, paymentWindowClosed } from './errors';
import { createGate } from './gate';
import type { Order, Payment } from './model';
import type { OrdersDeps } from './service';
import { loadOrder, type OrderRow, recordOrderEvent, toPayment } from './store';
import type { OrderStatus } from './tables';

export const ORDER_PAYMENT = 'order.payment';

/**
 * Posts the order payment: clearing → each store's payable (its gross less what it funds) and
 * the platform's promotion expense (what the platform funds). The paid money is in clearing
 * already (the wallet charge, or the deposit and balance charges of a pre-sale order).
 */
export async function postOrderPayment(
  trx: Kysely<DB>,
  deps: Pick<OrdersDeps, 'ledger'>,
  order: Pick<OrderRow, 'id' | 'currency' | 'total' | 'platform_funded'>,
): Promise<string | null> {
  const subs = await trx
    .selectFrom('sub_orders')
    .select(['store_id', 'subtotal', 'merchant_funded'])
    .where('order_id', '=', order.id)
    .orderBy('id')
    .execute();
  const entries = orderPaymentEntries({
    currency: order.currency,
    source: platformClearing(order.currency),
    paid: Number(order.total),
    platformDiscount: Number(order.platform_funded),
    stores: subs.map((s) => ({
      storeId: s.store_id,
      gross: Number(s.subtotal),
      merchantDiscount: Number(s.merchant_funded),
    })),
  });
  // A free order of free goods moves no money.
  if (entries.length < 2) return null;
  const result = await deps.ledger.post(trx, {
    kind: ORDER_PAYMENT,
    reference: order.id,
    idempotencyKey: `${ORDER_PAYMENT}:${order.id}`,
    entries,
  });
  return result.transaction.id;
}

/**
 * Pays an order from the wallet, in one transaction with the status change: created → paid
 * (or → deposit_paid for a pre-sale order's deposit, whose money waits in clearing), and
 * deposit_paid → paid for the balance inside its window. The order row is locked first, so two
 * payments of one order queue; the conditional status update and the unique (order, kind)
 * payment index make a double payment impossible. Too little in the wallet is 409
 * INSUFFICIENT_FUNDS and nothing changes.
 */
export function createPayment(deps: OrdersDeps) {
  const { db, clock, ledger, hooks } = deps;
  const gate = createGate(deps.hotPathConcurrency);

  async function pay(
    actor: Actor,
    orderId: string,
    key: string,
  ): Promise<IdempotentResult<{ order: Order; payment: Payment | null }>> {
    const result = await runIdempotent<{ order: Order; payment: Payment | null }>(
      db,
      { scope: `order.pay:${actor.userId}`, key, fingerprint: requestFingerprint(['pay', orderId]) },
      async (trx) => {
        const now = clock.now();
        const order = await trx
          .selectFrom('orders')
          .selectAll()
          .where('id', '=', orderId)
          .forUpdate()
          .executeTakeFirst();
        if (!order || order.customer_id !== actor.userId) throw notFound('Order', orderId);

        let kind: Payment['kind'];
        let amount: number;
        let to: OrderStatus;
        if (order.status === 'created') {
          if (now >= new Date(order.pay_by))
            throw paymentWindowClosed(orderId, new Date(order.pay_by).toISOString());
          const deposit = Number(order.deposit_total);
          kind = deposit > 0 ? 'deposit' : 'full';
          amount = deposit > 0 ? deposit : Number(order.total);
          to = deposit > 0 ? 'deposit_paid' : 'paid';
        } else if (order.status === 'deposit_paid') {
          const from = order.balance_due_from ? new Date(order.balance_due_from) : null;
          const until = order.balance_due_until ? new Date(order.balance_due_until) : null;
          if (from && now < from) throw balanceNotDue(orderId, from.toISOString());
          if (until && now >= until) throw paymentWindowClosed(orderId, until.toISOString());
          kind = 'balance';
          amount = Number(order.balance_total);
          to = 'paid';
        } else throw orderNotPayable(orderId, order.status);

        let payment: Payment | null = null;
        if (amount > 0) {
          const charge = await ledger.wallet.charge(
            {
              amount,
              currency: order.currency,
              customerId: actor.userId,
              reference: orderId,
              idempotencyKey: `${orderId}:${kind}`,
            },
            { trx },
          );
          if (charge.status === 'failed') throw insufficientFunds(amount);
          await hooks.afterCharge?.(orderId);
          const row = await trx
            .insertInto('payments')
            .values({
              id: newId('pay', now.getTime()),
              order_id: orderId,
              kind,
              amount,
              currency: order.currency,
              provider: ledger.wallet.name,
              provider_ref: charge.providerRef,
              status: 'succeeded',
              failure_code: null,
              created_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          payment = toPayment(row);
        }
        if (to === 'paid') await postOrderPayment(trx, deps, order);

        const updated = await trx
          .updateTable('orders')
          .set((eb) => ({
            status: to,
            amount_paid: eb('amount_paid', '+', amount),
            ...(to === 'paid' ? { paid_at: now } : {}),
            updated_at: now,
          }))
          .where('id', '=', orderId)
          .where('status', '=', order.status)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw orderNotPayable(orderId, order.status);
        const subs = await trx
          .updateTable('sub_orders')
          .set({ status: to, updated_at: now })
          .where('order_id', '=', orderId)
          .where('status', '=', order.status)
          .returning(['id'])
          .execute();
        for (const s of subs)
          await recordOrderEvent(trx, {
            orderId,
            subOrderId: s.id,
            from: order.status,
            to,
            actor,
            at: now,
          });
        await recordOrderEvent(trx, { orderId, from: order.status, to, actor, reason: kind, at: now });
        await recordEvent(
          trx,
          to === 'paid' ? 'order.paid' : 'order.deposit_paid',
          { orderId, customerId: actor.userId, campaignId: order.campaign_id, kind, amount },
          clock,
        );
        return { status: 200, body: { order: (await loadOrder(trx, orderId))!, payment } };
      },
      { gate },
    );
    if (!result.replayed) deps.onEventsRecorded?.();
    return result;
  }

  return { pay };
}

import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import {
  credit,
  debit,
  merchantPayable,
  type PaymentProvider,
  platformClearing,
  platformPromotionExpense,
  post,
} from '../ledger';
import type { MerchantsService } from '../merchants';
import {
  addRefundToLine,
  afterPending,
  afterSale,
  findLine,
  findOrder,
  findRefund,
  findSubOrder,
  type LineRow,
  lockLine,
  lockSubOrder,
  lockSubOrderOfLine,
  paidLineOf,
  paymentsWithRefunded,
  pendingOnLine,
} from './after-sale-store';
import { createRefundLists } from './refund-lists';
import { paidOf, type RefundParts } from './refund-math';
import {
  claimOf,
  exceeds,
  ORDER_REFUND,
  REFUNDABLE_ORDER,
  REFUNDABLE_SUB_ORDER,
  type Refund,
  type RefundQuote,
  type RefundQuoteInput,
  type RefundRequestInput,
  refundPartsFor,
  toRefund,
} from './refund-model';

export * from './refund-model';

/** Concurrent changes of one line are retried this many times before answering 409. */
const CAS_ATTEMPTS = 8;

/**
 * Refunds after payment (售后), per line: by units (the units' pro-rata share of what was paid)
 * or by an agreed amount. The consumer requests, a member of the store approves or rejects.
 * Approval is one transaction: refund status requested→approved (conditional), the line's
 * refund counters (a compare-and-set within the line's limits), the ledger (`order.refund`:
 * Dr merchantPayable(store) merchant part, Cr platformPromotionExpense platform part, Cr
 * platformClearing amount; then the payment provider's refund, for the wallet `wallet.refund`:
 * Dr platformClearing, Cr customerWallet), an order event, the outbox event, and the stock.
 *
 * Coupons and allowance are never given back after payment (docs/orders.md): the platform's
 * subsidy share of the refunded money is what `platform part` takes back into its expense.
 */

export interface RefundsDeps {
  db: Kysely<DB>;
  clock: Clock;
  merchants: Pick<MerchantsService, 'access' | 'storeIdsOf' | 'namesOf'>;
  /** Providers by `payments.provider` name; refunds go back through the one that charged. */
  providers: readonly PaymentProvider[];
  /**
   * Gives refunded units back to the campaign stock, in the approval's transaction
   * (enrollment's releaseCampaignStock). Without it, stock is not returned.
   */
  releaseStock?: (
    trx: Kysely<DB>,
    line: { campaignId: string; skuId: string; quantity: number; nominationId: string | null },
  ) => Promise<void>;
  onEventsRecorded?: () => void;
}

export function createRefundsService({
  db,
  clock,
  merchants,
  providers,
  releaseStock,
  onEventsRecorded,
}: RefundsDeps) {
  const afterCommit = <T>(r: IdempotentResult<T>) => {
    if (!r.replayed && r.status < 300) onEventsRecorded?.();
    return r;
  };

  async function orderEvent(
    trx: Kysely<DB>,
    e: {
      orderId: string;
      subOrderId: string | null;
      from: string | null;
      to: string;
      actor: Actor;
      reason: string;
    },
  ) {
    await trx
      .insertInto('order_events')
      .values({
        order_id: e.orderId,
        sub_order_id: e.subOrderId,
        from_status: e.from,
        to_status: e.to,
        actor_id: e.actor.userId,
        actor_role: e.actor.role,
        reason: e.reason,
        at: clock.now(),
      })
      .execute();
  }

  /** The consumer's own paid order; someone else's is 404 like a missing one. */
  async function ownPaidOrder(trx: Kysely<DB>, actor: Actor, orderId: string) {
    const order = await findOrder(trx, orderId);
    if (!order || order.customer_id !== actor.userId) throw notFound('Order', orderId);
    if (!(REFUNDABLE_ORDER as readonly string[]).includes(order.status))
      throw conflict('ORDER_NOT_PAID', `Only a paid order can be refunded; this one is ${order.status}`, {
        status: order.status,
      });
    return order;
  }

  /**
   * What a refund request of `input` would be now, with the request's own checks and refusals:
   * the consumer's own paid order, a line of it in a sub-order that takes refunds, within what
   * is left after the requests still pending. Reads only.
   */
  async function quoteIn(trx: Kysely<DB>, actor: Actor, orderId: string, input: RefundQuoteInput) {
    if (input.quantity !== undefined && input.amount !== undefined)
      throw badRequest('amount: give either quantity or amount, not both', 'amount');
    const order = await ownPaidOrder(trx, actor, orderId);
    const line = await findLine(trx, input.lineId);
    if (!line || line.order_id !== order.id)
      throw new AppError('NOT_FOUND', 'lineId: no such line in this order', 404, {
        field: 'lineId',
        id: input.lineId,
      });
    const sub = (await findSubOrder(trx, line.sub_order_id))!;
    if (!(REFUNDABLE_SUB_ORDER as readonly string[]).includes(sub.status))
      throw conflict('SUB_ORDER_NOT_REFUNDABLE', `This part of the order is ${sub.status}`, {
        status: sub.status,
        subOrderId: sub.id,
      });
    const pending = await pendingOnLine(trx, line.id);
    const paid = paidLineOf(line);
    const unitsLeft = line.quantity - line.refunded_quantity - pending.quantity;
    const amountLeft = paidOf(paid) - paid.refunded.amount - pending.amount;
    let parts: RefundParts;
    const claim = await claimOf(trx, line.id);
    const quoted = pending.quantity > 0 || pending.amount > 0 ? afterPending(line, pending) : line;
    if (input.amount !== undefined) {
      if (input.amount > amountLeft)
        throw exceeds('amount', `at most ${Math.max(amountLeft, 0)} is left to refund on this line`, {
          left: Math.max(amountLeft, 0),
          pending: pending.amount,
        });
      parts = refundPartsFor(quoted, claim, { amount: input.amount });
    } else {
      const quantity = input.quantity ?? unitsLeft;
      if (quantity <= 0 || quantity > unitsLeft)
        throw exceeds(
          'quantity',
          `at most ${Math.max(unitsLeft, 0)} unit(s) are left to refund on this line`,
          {
            left: Math.max(unitsLeft, 0),
            pending: pending.quantity,
          },
        );
      try {
        parts = refundPartsFor(quoted, claim, { quantity });
      } catch (e) {
        if (e instanceof RangeError) throw exceeds('quantity', e.message);
        throw e;
      }
      if (parts.amount > amountLeft)
        throw exceeds('quantity', `at most ${Math.max(amountLeft, 0)} is left to refund on this line`, {
          left: Math.max(amountLeft, 0),
        });
    }
    if (parts.amount <= 0)
      throw exceeds(input.amount !== undefined ? 'amount' : 'quantity', 'nothing is left to refund');
    return {
      order,
      line,
      sub,
      parts,
      left: { quantity: Math.max(unitsLeft, 0), amount: Math.max(amountLeft, 0) },
      pending: { quantity: pending.quantity, amount: pending.amount },
    };
  }

  /** POST /api/orders/:id/refunds/quote: exactly what a request would compute now; changes nothing. */
  async function quote(actor: Actor, orderId: string, input: RefundQuoteInput): Promise<RefundQuote> {
    if (actor.role !== 'consumer') throw forbidden('Only the customer asks for a refund');
    const q = await quoteIn(db, actor, orderId, input);
    return {
      orderId: q.order.id,
      lineId: q.line.id,
      quantity: q.parts.quantity,
      amount: q.parts.amount,
      merchantPart: q.parts.merchant,
      platformPart: q.parts.platform,
      currency: q.order.currency,
      left: q.left,
      leftAfter: {
        quantity: q.left.quantity - q.parts.quantity,
        amount: q.left.amount - q.parts.amount,
      },
      pending: q.pending,
    };
  }

  /** A consumer asks for a refund of a line: quoted now from the line's counters, decided by the store. */
  function request(
    actor: Actor,
    orderId: string,
    input: RefundRequestInput,
    key: string,
  ): Promise<IdempotentResult<{ refund: Refund }>> {
    if (input.quantity !== undefined && input.amount !== undefined)
      throw badRequest('amount: give either quantity or amount, not both', 'amount');
    return runIdempotent(
      db,
      {
        scope: `refund.request:${actor.userId}`,
        key,
        fingerprint: requestFingerprint([orderId, input]),
      },
      async (trx) => {
        // Queue behind other requests, approvals and a cancel of this sub-order first, so the
        // quote below counts what they left (pending units, the sub-order's status now).
        await lockSubOrderOfLine(trx, input.lineId);
        const { order, line, sub, parts } = await quoteIn(trx, actor, orderId, input);
        const now = clock.now();
        const row = await trx
          .insertInto('refunds')
          .values({
            id: newId('ref', now.getTime()),
            order_id: order.id,
            sub_order_id: sub.id,
            line_id: line.id,
            store_id: line.store_id,
            customer_id: actor.userId,
            quantity: parts.quantity,
            amount: parts.amount,
            merchant_part: parts.merchant,
            platform_part: parts.platform,
            status: 'requested',
            reason: input.reason,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await orderEvent(trx, {
          orderId: order.id,
          subOrderId: sub.id,
          from: null,
          to: 'refund_requested',
          actor,
          reason: `${row.id}: ${input.reason}`,
        });
        await recordEvent(
          trx,
          'refund.requested',
          {
            refundId: row.id,
            orderId: order.id,
            storeId: row.store_id,
            lineId: line.id,
            amount: parts.amount,
          },
          clock,
        );
        return { status: 201, body: { refund: toRefund(row) } };
      },
    ).then(afterCommit);
  }

  /**
   * Approves a requested refund in the caller's transaction. The parts are computed again from
   * the line as it is now (other refunds or a price protection may have landed since the quote)
   * and applied by compare-and-set; a refund that no longer fits is 409 REFUND_EXCEEDS_LINE and
   * stays requested.
   */
  async function approveIn(trx: Kysely<DB>, refundId: string, actor: Actor, decisionReason: string | null) {
    const now = clock.now();
    // Lock order: sub-order, refund, line (the order of request and cancelPaid too).
    const seenRefund = await findRefund(trx, refundId);
    if (seenRefund) await lockSubOrder(trx, seenRefund.sub_order_id);
    const taken = await trx
      .updateTable('refunds')
      .set({ status: 'approved', decided_by: actor.userId, decided_at: now, decision_reason: decisionReason })
      .where('id', '=', refundId)
      .where('status', '=', 'requested')
      .returningAll()
      .executeTakeFirst();
    if (!taken) {
      const now = await findRefund(trx, refundId);
      throw conflict('REFUND_NOT_PENDING', `This refund is ${now?.status ?? 'gone'} already`, {
        status: now?.status ?? null,
      });
    }
    const order = (await findOrder(trx, taken.order_id))!;
    let parts: RefundParts | undefined;
    let line: LineRow | undefined;
    for (let attempt = 0; attempt < CAS_ATTEMPTS && !line; attempt++) {
      const seen = (await lockLine(trx, taken.line_id))!;
      const claim = await claimOf(trx, seen.id);
      try {
        parts =
          taken.quantity > 0
            ? refundPartsFor(seen, claim, { quantity: taken.quantity })
            : refundPartsFor(seen, claim, { amount: Number(taken.amount) });
      } catch (e) {
        if (e instanceof RangeError)
          throw conflict('REFUND_EXCEEDS_LINE', `This refund no longer fits the line: ${e.message}`, {
            field: taken.quantity > 0 ? 'quantity' : 'amount',
          });
        throw e;
      }
      if (parts.amount <= 0)
        throw conflict('REFUND_EXCEEDS_LINE', 'Nothing is left to refund on this line', {
          field: taken.quantity > 0 ? 'quantity' : 'amount',
        });
      line = await addRefundToLine(trx, seen, parts);
    }
    if (!line || !parts)
      throw conflict('CONCURRENT_UPDATE', 'The line kept changing; retry the approval', {
        lineId: taken.line_id,
      });

    // The money goes back first (the provider's refund: for the wallet Dr clearing / Cr wallet),
    // then order.refund: accounts are then locked customer → platform → store, the order the
    // payment and price protection lock them in, so none of them can deadlock with another.
    await payOut(trx, taken.id, order.id, parts.amount);
    const currency = order.currency;
    const entries = [debit(merchantPayable(taken.store_id, currency), parts.merchant)];
    if (parts.platform > 0) entries.push(credit(platformPromotionExpense(currency), parts.platform));
    if (parts.platform < 0) entries.push(debit(platformPromotionExpense(currency), -parts.platform));
    entries.push(credit(platformClearing(currency), parts.amount));
    const posted = await post(
      trx,
      {
        kind: ORDER_REFUND,
        reference: order.id,
        idempotencyKey: `${ORDER_REFUND}:${taken.id}`,
        memo: `refund ${taken.id} of line ${taken.line_id}`,
        entries,
      },
      clock,
    );

    const refund = await trx
      .updateTable('refunds')
      .set({
        amount: parts.amount,
        merchant_part: parts.merchant,
        platform_part: parts.platform,
        ledger_txn_id: posted.transaction.id,
      })
      .where('id', '=', taken.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (parts.quantity > 0 && releaseStock)
      await releaseStock(trx, {
        campaignId: order.campaign_id,
        skuId: line.sku_id,
        quantity: parts.quantity,
        nominationId: line.nomination_id,
      });
    await orderEvent(trx, {
      orderId: order.id,
      subOrderId: taken.sub_order_id,
      from: 'refund_requested',
      to: 'refund_approved',
      actor,
      reason: decisionReason ? `${taken.id}: ${decisionReason}` : taken.id,
    });
    await recordEvent(
      trx,
      'refund.approved',
      {
        refundId: taken.id,
        orderId: order.id,
        subOrderId: taken.sub_order_id,
        storeId: taken.store_id,
        lineId: taken.line_id,
        customerId: taken.customer_id,
        quantity: parts.quantity,
        amount: parts.amount,
        merchantPart: parts.merchant,
        platformPart: parts.platform,
        currency,
        ledgerTxnId: posted.transaction.id,
      },
      clock,
    );
    await recordAudit(trx, clock, {
      actor,
      action: 'refund.approve',
      entityType: 'refund',
      entityId: taken.id,
      before: { status: 'requested', quantity: taken.quantity, amount: Number(taken.amount) },
      after: {
        status: 'approved',
        quantity: parts.quantity,
        amount: parts.amount,
        merchantPart: parts.merchant,
        platformPart: parts.platform,
        ledgerTxnId: posted.transaction.id,
      },
      reason: decisionReason,
    });
    await closeIfFullyRefunded(trx, taken.sub_order_id, order.id, actor);
    return refund;
  }

  /** Pays `amount` back through the payments of the order, newest first, each within what is left on it. */
  async function payOut(trx: Kysely<DB>, refundId: string, orderId: string, amount: number) {
    let remaining = amount;
    for (const payment of await paymentsWithRefunded(trx, orderId)) {
      if (remaining === 0) break;
      const take = Math.min(remaining, payment.amount - payment.refunded);
      if (take <= 0) continue;
      const provider = providers.find((p) => p.name === payment.provider);
      if (!provider || !payment.provider_ref)
        throw new Error(`no payment provider '${payment.provider}' to refund payment ${payment.id}`);
      const result = await provider.refund(
        {
          providerRef: payment.provider_ref,
          amount: take,
          idempotencyKey: `${refundId}:${payment.id}`,
          reference: refundId,
        },
        { trx },
      );
      if (result.status !== 'succeeded')
        throw new AppError(
          'REFUND_PAYOUT_FAILED',
          `The payment provider refused: ${result.failureMessage}`,
          502,
          {
            provider: provider.name,
            failureCode: result.failureCode,
          },
        );
      await afterSale(trx)
        .insertInto('refund_payouts')
        .values({
          refund_id: refundId,
          payment_id: payment.id,
          amount: take,
          provider: provider.name,
          provider_ref: result.providerRef,
          created_at: clock.now(),
        })
        .execute();
      remaining -= take;
    }
    if (remaining > 0)
      throw conflict('REFUND_EXCEEDS_PAYMENTS', `${remaining} more than the order's payments can give back`, {
        remaining,
      });
  }

  /** A sub-order whose every line is refunded in full is closed: nothing is left to ship. */
  async function closeIfFullyRefunded(trx: Kysely<DB>, subOrderId: string, orderId: string, actor: Actor) {
    const open = await trx
      .selectFrom('order_lines')
      .select('id')
      .where('sub_order_id', '=', subOrderId)
      .where((eb) =>
        eb.and([
          eb('refunded_quantity', '<', eb.ref('quantity')),
          eb(eb('refunded_amount', '+', eb.ref('price_protected')), '<', eb.ref('total')),
        ]),
      )
      .executeTakeFirst();
    if (open) return;
    const closed = await trx
      .updateTable('sub_orders')
      .set({ status: 'closed', updated_at: clock.now() })
      .where('id', '=', subOrderId)
      .where('status', 'in', [...REFUNDABLE_SUB_ORDER])
      .returning(['status'])
      .executeTakeFirst();
    if (closed)
      await orderEvent(trx, {
        orderId,
        subOrderId,
        from: null,
        to: 'closed',
        actor,
        reason: 'every line refunded',
      });
  }

  /** The refund and the store check, before any transaction (the check reads the bound database). */
  async function loadForStaff(actor: Actor, refundId: string) {
    const refund = await findRefund(db, refundId);
    if (!refund) throw notFound('Refund', refundId);
    await merchants.access(actor, refund.store_id, 'staff', { what: 'Refund', id: refundId });
    return refund;
  }

  function approve(
    actor: Actor,
    refundId: string,
    key: string,
  ): Promise<IdempotentResult<{ refund: Refund }>> {
    return loadForStaff(actor, refundId).then((r) =>
      runIdempotent(
        db,
        {
          scope: `refund.approve:${r.store_id}`,
          key,
          fingerprint: requestFingerprint(['approve', refundId]),
        },
        async (trx) => ({
          status: 200,
          body: { refund: toRefund(await approveIn(trx, refundId, actor, null)) },
        }),
      ).then(afterCommit),
    );
  }

  async function reject(actor: Actor, refundId: string, reason: string): Promise<Refund> {
    await loadForStaff(actor, refundId);
    const row = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('refunds')
        .set({
          status: 'rejected',
          decided_by: actor.userId,
          decided_at: clock.now(),
          decision_reason: reason,
        })
        .where('id', '=', refundId)
        .where('status', '=', 'requested')
        .returningAll()
        .executeTakeFirst();
      if (!updated) {
        const now = await findRefund(trx, refundId);
        throw conflict('REFUND_NOT_PENDING', `This refund is ${now?.status} already`, {
          status: now?.status,
        });
      }
      await orderEvent(trx, {
        orderId: updated.order_id,
        subOrderId: updated.sub_order_id,
        from: 'refund_requested',
        to: 'refund_rejected',
        actor,
        reason: `${refundId}: ${reason}`,
      });
      await recordEvent(
        trx,
        'refund.rejected',
        { refundId, orderId: updated.order_id, storeId: updated.store_id, reason },
        clock,
      );
      await recordAudit(trx, clock, {
        actor,
        action: 'refund.reject',
        entityType: 'refund',
        entityId: refundId,
        before: { status: 'requested', quantity: updated.quantity, amount: Number(updated.amount) },
        after: { status: 'rejected' },
        reason,
      });
      return updated;
    });
    onEventsRecorded?.();
    return toRefund(row);
  }

  /**
   * The consumer cancels a paid sub-order before it ships: the sub-order moves paid→cancelled
   * (conditional: a concurrent shipment wins or loses cleanly), pending refund requests on it are
   * rejected as superseded, and every line gets an immediately approved refund of all that is left.
   */
  function cancelPaid(
    actor: Actor,
    subOrderId: string,
    reason: string,
    key: string,
  ): Promise<IdempotentResult<{ subOrder: { id: string; status: 'cancelled' }; refunds: Refund[] }>> {
    if (actor.role !== 'consumer') throw forbidden('Only the customer cancels their order');
    return runIdempotent(
      db,
      {
        scope: `sub_order.cancel_paid:${actor.userId}`,
        key,
        fingerprint: requestFingerprint([subOrderId, reason]),
      },
      async (trx) => {
        const sub = await findSubOrder(trx, subOrderId);
        if (!sub) throw notFound('Sub-order', subOrderId);
        const order = await findOrder(trx, sub.order_id);
        if (!order || order.customer_id !== actor.userId) throw notFound('Sub-order', subOrderId);
        await ownPaidOrder(trx, actor, order.id);
        const now = clock.now();
        const cancelled = await trx
          .updateTable('sub_orders')
          .set({ status: 'cancelled', updated_at: now })
          .where('id', '=', sub.id)
          .where('status', '=', 'paid')
          .returning('status')
          .executeTakeFirst();
        if (!cancelled) {
          const current = (await findSubOrder(trx, sub.id))!.status;
          throw conflict(
            'NOT_CANCELLABLE',
            `Only a paid sub-order not yet shipped can be cancelled; this one is ${current}`,
            {
              status: current,
            },
          );
        }
        await orderEvent(trx, {
          orderId: order.id,
          subOrderId: sub.id,
          from: 'paid',
          to: 'cancelled',
          actor,
          reason,
        });
        await trx
          .updateTable('refunds')
          .set({
            status: 'rejected',
            decided_by: actor.userId,
            decided_at: now,
            decision_reason: 'superseded: the sub-order was cancelled',
          })
          .where('sub_order_id', '=', sub.id)
          .where('status', '=', 'requested')
          .execute();
        const lines = await trx
          .selectFrom('order_lines')
          .selectAll()
          .where('sub_order_id', '=', sub.id)
          .orderBy('id')
          .execute();
        const refunds: Refund[] = [];
        for (const line of lines) {
          const unitsLeft = line.quantity - line.refunded_quantity;
          const amountLeft = paidOf(paidLineOf(line)) - Number(line.refunded_amount);
          if (amountLeft <= 0) continue;
          const claim = await claimOf(trx, line.id);
          const parts =
            unitsLeft > 0
              ? refundPartsFor(line, claim, { quantity: unitsLeft })
              : refundPartsFor(line, claim, { amount: amountLeft });
          const id = newId('ref', now.getTime());
          await trx
            .insertInto('refunds')
            .values({
              id,
              order_id: order.id,
              sub_order_id: sub.id,
              line_id: line.id,
              store_id: line.store_id,
              customer_id: actor.userId,
              quantity: parts.quantity,
              amount: parts.amount,
              merchant_part: parts.merchant,
              platform_part: parts.platform,
              status: 'requested',
              reason: `cancelled before shipping: ${reason}`,
              created_at: now,
            })
            .execute();
          refunds.push(toRefund(await approveIn(trx, id, actor, 'sub-order cancelled before shipping')));
        }
        await recordEvent(
          trx,
          'sub_order.cancelled',
          {
            subOrderId: sub.id,
            orderId: order.id,
            storeId: sub.store_id,
            refundIds: refunds.map((r) => r.id),
            amount: refunds.reduce((s, r) => s + r.amount, 0),
          },
          clock,
        );
        return { status: 200, body: { subOrder: { id: sub.id, status: 'cancelled' as const }, refunds } };
      },
    ).then(afterCommit);
  }

  const { listForStore, listForOrder } = createRefundLists({ db, merchants });
  return { quote, request, approve, reject, listForStore, listForOrder, cancelPaid, approveIn };
}

export type RefundsService = ReturnType<typeof createRefundsService>;

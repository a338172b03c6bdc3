import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import { recordEvent } from '../../platform/bus';
import { type Clock, systemClock } from '../../platform/clock';
import { AppError, conflict, isAppError, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { credit, customerWallet, DEFAULT_CURRENCY, debit, type Ledger, platformClearing } from '../ledger';
import type { HostedPaymentGateway, IncomingNotification } from './gateway';
import {
  MAX_TOP_UP,
  MAX_TOP_UP_PER_DAY,
  shanghaiDay,
  TOP_UP_CREDIT,
  TOP_UP_REFUND,
  TOP_UP_TTL_MS,
  type TopUp,
} from './model';
import * as store from './store';

export interface TopUpsDeps {
  db: Kysely<DB>;
  clock?: Clock;
  ledger: Ledger;
  /** The gateway new top-ups are charged through (the sandbox by default). */
  gateway: HostedPaymentGateway;
  /** Where this server is reached ('' while unknown: the URLs are then paths on this origin). */
  baseUrl: () => string;
  logger?: Logger;
  onEventsRecorded?: () => void;
}

export interface NotificationOutcome {
  received: true;
  topUpId: string;
  status: TopUp['status'];
  /** False for a repeat of a notification already acted on: nothing moved. */
  credited: boolean;
}

/**
 * Wallet top-ups: money enters a wallet only when the gateway's signed notification says the
 * charge succeeded, for the amount and currency we asked for. The books: the gateway owes us the
 * money until it settles, so a top-up posts `Dr platformClearing / Cr customerWallet` (the
 * settlement, `Dr externalFunding / Cr platformClearing`, is the gateway's payout to us).
 */
export function createTopUps(deps: TopUpsDeps) {
  const { db, ledger, gateway, baseUrl, logger, onEventsRecorded } = deps;
  const clock = deps.clock ?? systemClock;
  const gateways = new Map([[gateway.name, gateway]]);

  async function create(customerId: string, amount: number, idempotencyKey: string): Promise<TopUp> {
    if (!Number.isSafeInteger(amount) || amount <= 0)
      throw unprocessable('INVALID_AMOUNT', 'amount: a positive integer in fen', { field: 'amount' });
    if (amount > MAX_TOP_UP)
      throw unprocessable('TOP_UP_TOO_LARGE', `amount: at most ${MAX_TOP_UP} fen per top-up`, {
        field: 'amount',
        max: MAX_TOP_UP,
      });
    let row = await store.topUpByKey(db, customerId, idempotencyKey);
    if (!row) {
      const now = clock.now();
      const day = shanghaiDay(now);
      const inserted = await db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto('top_ups')
          .values({
            id: newId('tpu', now.getTime()),
            customer_id: customerId,
            amount,
            currency: DEFAULT_CURRENCY,
            status: 'pending',
            idempotency_key: idempotencyKey,
            gateway: gateway.name,
            day,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['customer_id', 'idempotency_key']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!created) return undefined; // a concurrent request with this key won
        if (!(await store.reserveDaily(trx, customerId, day, amount, MAX_TOP_UP_PER_DAY)))
          throw unprocessable('TOP_UP_DAILY_LIMIT', `amount: at most ${MAX_TOP_UP_PER_DAY} fen a day`, {
            field: 'amount',
            max: MAX_TOP_UP_PER_DAY,
          });
        return created;
      });
      row = inserted ?? (await store.topUpByKey(db, customerId, idempotencyKey));
      if (!row) throw conflict('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is running');
    }
    if (row.amount !== amount)
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different top-up', {
        field: 'Idempotency-Key',
      });
    if (!row.charge_id && row.status === 'pending') {
      // Outside any transaction: a real adapter calls out over HTTP here. The gateway keeps one
      // charge per reference, so a retry after a crash gets the same charge back.
      const base = baseUrl();
      const charge = await gateway.createCharge({
        amount: row.amount,
        currency: row.currency,
        reference: row.id,
        notifyUrl: `${base}/api/payments/notify/${gateway.name}`,
        returnUrl: `${base}/wallet?topUp=${row.id}`,
        description: 'Carnival wallet top-up / 钱包充值',
      });
      row =
        (await db
          .updateTable('top_ups')
          .set({ charge_id: charge.chargeId, redirect_url: charge.redirectUrl, updated_at: clock.now() })
          .where('id', '=', row.id)
          .where('charge_id', 'is', null)
          .returningAll()
          .executeTakeFirst()) ?? (await store.topUpById(db, row.id))!;
    }
    return store.toTopUp(row);
  }

  /** The customer's own top-up; another customer's is "not found", not "forbidden". */
  async function get(customerId: string, id: string): Promise<TopUp> {
    const row = await store.topUpById(db, id);
    if (!row || row.customer_id !== customerId) throw notFound('Top-up', id);
    return store.toTopUp(row);
  }

  /** A gateway's notification: verified, matched to its top-up, acted on once. */
  async function notify(gatewayName: string, incoming: IncomingNotification): Promise<NotificationOutcome> {
    const gw = gateways.get(gatewayName);
    if (!gw) throw notFound('Gateway', gatewayName);
    const n = await gw.verifyNotification(incoming);
    const row = await store.topUpByCharge(db, gw.name, n.chargeId);
    if (!row) {
      logger?.warn({ gateway: gw.name, chargeId: n.chargeId }, 'payment notification for an unknown charge');
      throw notFound('Charge', n.chargeId);
    }
    const mismatch =
      n.reference !== row.id
        ? 'reference'
        : n.amount !== row.amount
          ? 'amount'
          : n.currency !== row.currency
            ? 'currency'
            : null;
    if (mismatch) {
      // Signed by the gateway yet not what we asked for: a bug or a tampered integration. Credit
      // nothing, leave the top-up as it was, and keep a trace for an operator.
      logger?.error(
        { gateway: gw.name, notification: n, topUpId: row.id },
        'payment notification does not match',
      );
      await recordAudit(db, clock, {
        actor: null,
        action: 'payments.notification_mismatch',
        entityType: 'top_up',
        entityId: row.id,
        before: { amount: row.amount, currency: row.currency, reference: row.id },
        after: { amount: n.amount, currency: n.currency, reference: n.reference, notificationId: n.id },
        reason: `${mismatch} does not match`,
      });
      throw unprocessable('NOTIFICATION_MISMATCH', `${mismatch}: does not match the charge`, {
        field: mismatch,
      });
    }
    const now = clock.now();
    if (n.type === 'charge.failed') {
      const failed = await db.transaction().execute(async (trx) => {
        const moved = await store.transition(trx, row.id, ['pending'], 'failed', now, {
          failure_code: 'CANCELLED',
        });
        if (moved) await store.releaseDaily(trx, row.customer_id, row.day, row.amount);
        return moved;
      });
      return { received: true, topUpId: row.id, status: failed?.status ?? row.status, credited: false };
    }
    // An expired top-up is still credited: the customer paid, and the money must land somewhere.
    const credited = await db.transaction().execute(async (trx) => {
      const moved = await store.transition(trx, row.id, ['pending', 'expired'], 'succeeded', now);
      if (!moved) return false;
      const { transaction } = await ledger.post(trx, {
        kind: TOP_UP_CREDIT,
        reference: row.id,
        idempotencyKey: `${TOP_UP_CREDIT}:${gw.name}:${n.chargeId}`,
        memo: `${gw.name} ${n.chargeId}`,
        entries: [
          debit(platformClearing(row.currency), row.amount),
          credit(customerWallet(row.customer_id, row.currency), row.amount),
        ],
      });
      await trx
        .updateTable('top_ups')
        .set({ credit_txn_id: transaction.id })
        .where('id', '=', row.id)
        .execute();
      await recordEvent(
        trx,
        'wallet.topped_up',
        {
          userId: row.customer_id,
          amount: row.amount,
          currency: row.currency,
          txnId: transaction.id,
          topUpId: row.id,
        },
        clock,
      );
      return true;
    });
    if (credited) onEventsRecorded?.();
    const settled = (await store.topUpById(db, row.id))!;
    return { received: true, topUpId: row.id, status: settled.status, credited };
  }

  /**
   * Sends an unspent top-up back to where it came from. The wallet is debited first (a conditional
   * write: spent money cannot be refunded), then the gateway refunds; a refused gateway refund
   * gives the wallet its money back. A top-up refunds once, whatever the Idempotency-Key.
   */
  async function refund(customerId: string, id: string): Promise<TopUp> {
    const row = await store.topUpById(db, id);
    if (!row || row.customer_id !== customerId) throw notFound('Top-up', id);
    if (row.status === 'succeeded') {
      try {
        await db.transaction().execute(async (trx) => {
          const moved = await store.transition(trx, id, ['succeeded'], 'refunding', clock.now());
          if (!moved) return;
          const { transaction } = await ledger.post(trx, {
            kind: TOP_UP_REFUND,
            reference: id,
            entries: [
              debit(customerWallet(row.customer_id, row.currency), row.amount),
              credit(platformClearing(row.currency), row.amount),
            ],
          });
          await trx
            .updateTable('top_ups')
            .set({ refund_txn_id: transaction.id })
            .where('id', '=', id)
            .execute();
        });
      } catch (e) {
        if (isAppError(e) && e.code === 'INSUFFICIENT_FUNDS')
          throw unprocessable(
            'INSUFFICIENT_FUNDS',
            'The wallet holds less than this top-up: part of it was spent',
            {
              field: 'amount',
            },
          );
        throw e;
      }
    }
    const current = (await store.topUpById(db, id))!;
    if (current.status === 'refunded') return store.toTopUp(current);
    if (current.status !== 'refunding')
      throw conflict('TOP_UP_NOT_REFUNDABLE', `A ${current.status} top-up cannot be refunded`, {
        status: current.status,
      });
    const gw = gateways.get(current.gateway);
    if (!gw || !current.charge_id)
      throw new AppError('GATEWAY_UNAVAILABLE', 'The gateway is not configured', 503);
    const result = await gw.refund({
      chargeId: current.charge_id,
      amount: current.amount,
      idempotencyKey: `top-up:${id}`,
    });
    if (result.status === 'succeeded') {
      const done = await store.transition(db, id, ['refunding'], 'refunded', clock.now());
      return store.toTopUp(done ?? (await store.topUpById(db, id))!);
    }
    await db.transaction().execute(async (trx) => {
      const back = await store.transition(trx, id, ['refunding'], 'succeeded', clock.now(), {
        refund_txn_id: null,
      });
      if (back && current.refund_txn_id)
        await ledger.reverse(trx, current.refund_txn_id, { kind: `${TOP_UP_REFUND}.undone` });
    });
    throw unprocessable('REFUND_FAILED', `The gateway refused the refund: ${result.failureCode}`, {
      gatewayCode: result.failureCode,
    });
  }

  /** Pending top-ups whose charge was never paid; their daily allowance is given back. */
  async function expireStale(limit = 100): Promise<number> {
    const now = clock.now();
    let expired = 0;
    for (const row of await store.stalePending(db, new Date(now.getTime() - TOP_UP_TTL_MS), limit)) {
      const moved = await db.transaction().execute(async (trx) => {
        const m = await store.transition(trx, row.id, ['pending'], 'expired', now, {
          failure_code: 'EXPIRED',
        });
        if (m) await store.releaseDaily(trx, row.customer_id, row.day, row.amount);
        return m;
      });
      if (moved) expired++;
    }
    return expired;
  }

  return { create, get, notify, refund, expireStale };
}

export type TopUps = ReturnType<typeof createTopUps>;

import { type Kysely, sql, type Transaction } from 'kysely';
import { recordEvent } from '../../platform/bus';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { charityEscrow, credit, debit, type Ledger, merchantPayable } from '../ledger';
import { type DonationLog, donationFor } from './model';

/** The ledger kind of a donation's posting (Dr store payable / Cr the project's escrow). */
export const CHARITY_DONATION = 'charity.donation';
/** The ledger kind of a disbursement's posting (Dr the project's escrow / Cr external funding). */
export const CHARITY_DISBURSEMENT = 'charity.disbursement';

export interface AccrualDeps {
  ledger: Pick<Ledger, 'post'>;
  log: DonationLog;
}

/**
 * Called by the orders lifecycle inside the transaction that moves a sub-order to `completed`
 * (buyer confirms or auto-confirm), so the donation is booked exactly when, and only if, the
 * line completes: a sub-order refunded in full before that is closed and never gets here; a
 * refund after it does not come back here (the merchant bears it). The ledger moves the
 * donation from the store's payable to the project's escrow, a donation row is written and the
 * record appended to the `donations` log, all in the caller's transaction.
 *
 * The lines are locked (FOR UPDATE) first: a refund approval locks its line the same way, so a
 * refund racing the completion is either wholly before it (the donation is on what is left) or
 * wholly after it (the merchant bears it), never read half-way.
 *
 * The ledger posting references the order (so the campaign's settlement sees it next to the
 * order's payment and refunds) and is idempotent per line; the escrow is the project's.
 */
export async function accrueSubOrder(
  trx: Kysely<DB>,
  deps: AccrualDeps,
  subOrderId: string,
  now: Date,
): Promise<number> {
  const lines = await trx
    .selectFrom('order_lines as l')
    .innerJoin('charity_line_rules as r', 'r.line_id', 'l.id')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select([
      'l.id',
      'l.order_id',
      'l.store_id',
      'l.sku_id',
      'l.title',
      'l.quantity',
      'l.refunded_quantity',
      'l.total',
      'l.refunded_amount',
      'l.price_protected',
      'o.customer_id',
      'o.currency',
      'r.rule_id',
      'r.project_id',
      'r.charity_id',
      'r.kind',
      'r.amount as rate',
    ])
    .where('l.sub_order_id', '=', subOrderId)
    .orderBy('l.id')
    .modifyEnd(sql`for update of l`)
    .execute();
  let booked = 0;
  for (const l of lines) {
    const d = donationFor(
      { kind: l.kind, amount: Number(l.rate) },
      {
        quantity: Number(l.quantity),
        refundedQuantity: Number(l.refunded_quantity),
        paid: Number(l.total) - Number(l.refunded_amount) - Number(l.price_protected),
      },
    );
    if (d.amount <= 0) continue;
    const posted = await deps.ledger.post(trx, {
      kind: CHARITY_DONATION,
      reference: l.order_id,
      idempotencyKey: `charity.donation:${l.id}`,
      memo: `公益宝贝 ${l.project_id}`,
      entries: [
        debit(merchantPayable(l.store_id, l.currency), d.amount),
        credit(charityEscrow(l.project_id, l.currency), d.amount),
      ],
    });
    if (posted.replayed) continue;
    const id = newId('don', now.getTime());
    const record = {
      type: 'donation',
      donationId: id,
      orderId: l.order_id,
      lineId: l.id,
      projectId: l.project_id,
      charityId: l.charity_id,
      storeId: l.store_id,
      ruleKind: l.kind,
      rate: Number(l.rate),
      quantity: d.quantity,
      base: d.base,
      amount: d.amount,
      currency: l.currency,
      ledgerTxn: posted.transaction.id,
      at: now.toISOString(),
    };
    // The lifecycle calls this hook only inside the transaction that completes the sub-order.
    const entry = await deps.log.append(trx as Transaction<DB>, 'donations', record);
    await trx
      .insertInto('charity_donations')
      .values({
        id,
        line_id: l.id,
        order_id: l.order_id,
        sub_order_id: subOrderId,
        customer_id: l.customer_id,
        store_id: l.store_id,
        sku_id: l.sku_id,
        title: l.title,
        project_id: l.project_id,
        charity_id: l.charity_id,
        rule_id: l.rule_id,
        kind: l.kind,
        rate: Number(l.rate),
        quantity: d.quantity,
        base: d.base,
        amount: d.amount,
        txn_id: posted.transaction.id,
        log_index: entry.index,
        leaf_hash: entry.leafHash,
        created_at: now,
      })
      .execute();
    await recordEvent(trx, 'charity.donated', record, { now: () => now });
    booked++;
  }
  return booked;
}

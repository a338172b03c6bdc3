import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { currentCampaignPrices } from '../enrollment';
import { credit, customerWallet, debit, merchantPayable, post } from '../ledger';
import { createAfterSaleSettings } from './after-sale-settings';
import { afterSale, findOrder, type LineRow, lockLine } from './after-sale-store';
import type { PriceProtectionOffer } from './model';
import { REFUNDABLE_ORDER } from './refunds';

/**
 * 价保 (price protection): within N days of payment (per campaign, default 15), when the
 * campaign price of a SKU in the same campaign drops below the campaign price a line paid per
 * unit (`unit_price`), the customer may claim the difference on every unit not refunded, once
 * per line, paid into the wallet and funded by the merchant whose price dropped:
 * `order.price_protection`: Dr merchantPayable(store) / Cr customerWallet(customer).
 * Once is enforced twice: the line's `price_protected` moves only from 0 (compare-and-set) and
 * `price_protection_claims.line_id` is unique.
 */
export const DEFAULT_PRICE_PROTECTION_DAYS = 15;
export const ORDER_PRICE_PROTECTION = 'order.price_protection';
const DAY_MS = 24 * 60 * 60 * 1000;
const CAS_ATTEMPTS = 8;

export interface PriceProtectionClaim {
  id: string;
  orderId: string;
  lineId: string;
  storeId: string;
  customerId: string;
  paidUnitPrice: number;
  currentUnitPrice: number;
  /** Units covered: those not refunded when the claim was made. */
  quantity: number;
  amount: number;
  ledgerTxnId: string;
  createdAt: string;
}

export interface PriceProtectionDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** The SKU's campaign price now (enrollment's currentCampaignPrice), read in the claim's transaction. */
  currentCampaignPrice: (
    trx: Kysely<DB>,
    campaignId: string,
    skuId: string,
  ) => Promise<{ campaignPrice: number } | null>;
  /** Days after payment a claim is allowed, for campaigns without their own setting. */
  defaultDays?: number;
  onEventsRecorded?: () => void;
}

const claimId = (now: Date) => newId('ppc', now.getTime());

/** The end of a paid order's 价保 window. */
export const protectionUntil = (paidAt: Date | string, days: number) =>
  new Date(new Date(paidAt).getTime() + days * DAY_MS);

/** What a claim pays on a line at `currentPrice`: the drop on every unit not refunded, capped at what the line still holds. */
export function protectionAmount(
  line: Pick<LineRow, 'unit_price' | 'quantity' | 'refunded_quantity' | 'total' | 'refunded_amount'>,
  currentPrice: number,
) {
  const units = line.quantity - line.refunded_quantity;
  const left = Number(line.total) - Number(line.refunded_amount);
  return { units, amount: Math.min((Number(line.unit_price) - currentPrice) * units, left) };
}

/**
 * Whether a claim on the line would be paid now, by the claim's own rules in the claim's order:
 * the window, once per line, a price drop, something left to protect. Not eligible without a
 * reason when the order is not paid.
 */
export function protectionOffer(input: {
  order: { status: string; paidAt: Date | string | null };
  days: number;
  now: Date;
  line: Pick<
    LineRow,
    'unit_price' | 'quantity' | 'refunded_quantity' | 'total' | 'refunded_amount' | 'price_protected'
  >;
  claimed: boolean;
  currentPrice: number | null;
}): PriceProtectionOffer {
  const { order, line, currentPrice } = input;
  if (!(REFUNDABLE_ORDER as readonly string[]).includes(order.status) || !order.paidAt)
    return { eligible: false };
  const until = protectionUntil(order.paidAt, input.days);
  const base = {
    until: until.toISOString(),
    ...(currentPrice === null ? {} : { currentUnitPrice: currentPrice }),
  };
  if (input.now.getTime() > until.getTime()) return { eligible: false, reason: 'WINDOW_OVER', ...base };
  if (Number(line.price_protected) > 0 || input.claimed)
    return { eligible: false, reason: 'ALREADY_CLAIMED', ...base };
  if (currentPrice === null || currentPrice >= Number(line.unit_price))
    return { eligible: false, reason: 'NO_PRICE_DROP', ...base };
  const { units, amount } = protectionAmount(line, currentPrice);
  if (units <= 0 || amount <= 0) return { eligible: false, reason: 'NOTHING_TO_PROTECT', ...base };
  return { eligible: true, amount, ...base };
}

/** The campaign's 价保 window in days (its own setting or the default). */
export async function protectionDays(
  q: Kysely<DB>,
  campaignId: string,
  defaultDays: number,
): Promise<number> {
  const row = await afterSale(q)
    .selectFrom('campaign_after_sale')
    .select('price_protection_days')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return row?.price_protection_days ?? defaultDays;
}

/**
 * protectionOffer for every line of one order, in a fixed number of queries (the window, the
 * SKUs' campaign prices now, the claims), not one per line.
 */
export async function protectionOffers(
  db: Kysely<DB>,
  order: { campaignId: string; status: string; paidAt: string | null },
  lines: LineRow[],
  now: Date,
  defaultDays = DEFAULT_PRICE_PROTECTION_DAYS,
): Promise<Map<string, PriceProtectionOffer>> {
  if (lines.length === 0) return new Map();
  const [days, prices, claims] = await Promise.all([
    protectionDays(db, order.campaignId, defaultDays),
    currentCampaignPrices(
      db,
      order.campaignId,
      lines.map((l) => l.sku_id),
    ),
    db
      .selectFrom('price_protection_claims')
      .select('line_id')
      .where(
        'line_id',
        'in',
        lines.map((l) => l.id),
      )
      .execute(),
  ]);
  const claimed = new Set(claims.map((c) => c.line_id));
  return new Map(
    lines.map((line) => [
      line.id,
      protectionOffer({
        order,
        days,
        now,
        line,
        claimed: claimed.has(line.id),
        currentPrice: prices.get(line.sku_id) ?? null,
      }),
    ]),
  );
}

export function createPriceProtectionService({
  db,
  clock,
  currentCampaignPrice,
  defaultDays = DEFAULT_PRICE_PROTECTION_DAYS,
  onEventsRecorded,
}: PriceProtectionDeps) {
  const daysFor = (q: Kysely<DB>, campaignId: string) => protectionDays(q, campaignId, defaultDays);

  function claim(
    actor: Actor,
    orderId: string,
    lineId: string,
    key: string,
  ): Promise<IdempotentResult<{ claim: PriceProtectionClaim }>> {
    if (actor.role !== 'consumer') throw forbidden('Only the customer claims price protection');
    return runIdempotent(
      db,
      {
        scope: `price_protection.claim:${actor.userId}`,
        key,
        fingerprint: requestFingerprint([orderId, lineId]),
      },
      async (trx) => {
        const order = await findOrder(trx, orderId);
        if (!order || order.customer_id !== actor.userId) throw notFound('Order', orderId);
        let line = await lockLine(trx, lineId);
        if (!line || line.order_id !== order.id)
          throw new AppError('NOT_FOUND', 'lineId: no such line in this order', 404, {
            field: 'lineId',
            id: lineId,
          });
        if (!(REFUNDABLE_ORDER as readonly string[]).includes(order.status) || !order.paid_at)
          throw conflict(
            'ORDER_NOT_PAID',
            `Only a paid order is price-protected; this one is ${order.status}`,
            {
              status: order.status,
            },
          );
        const now = clock.now();
        const days = await daysFor(trx, order.campaign_id);
        const until = protectionUntil(order.paid_at, days);
        if (now.getTime() > until.getTime())
          throw unprocessable(
            'PRICE_PROTECTION_EXPIRED',
            `Price protection ended ${days} day(s) after payment`,
            {
              field: 'lineId',
              paidAt: new Date(order.paid_at).toISOString(),
              days,
              until: until.toISOString(),
            },
          );
        if (Number(line.price_protected) > 0 || (await existingClaim(trx, line.id)))
          throw alreadyClaimed(line.id);
        const current = await currentCampaignPrice(trx, order.campaign_id, line.sku_id);
        const paidUnit = Number(line.unit_price);
        if (!current || current.campaignPrice >= paidUnit)
          throw unprocessable('NO_PRICE_DROP', 'The campaign price has not dropped below what you paid', {
            field: 'lineId',
            paidUnitPrice: paidUnit,
            currentUnitPrice: current?.campaignPrice ?? null,
          });

        // Compare-and-set on the line: the amount depends on the refund counters read.
        let taken: { line: LineRow; units: number; amount: number } | undefined;
        for (let attempt = 0; attempt < CAS_ATTEMPTS && !taken; attempt++) {
          if (Number(line.price_protected) > 0) throw alreadyClaimed(line.id);
          const { units, amount } = protectionAmount(line, current.campaignPrice);
          if (units <= 0 || amount <= 0)
            throw unprocessable('NOTHING_TO_PROTECT', 'Every unit of this line has been refunded', {
              field: 'lineId',
            });
          const seen: LineRow = line;
          const updated = await trx
            .updateTable('order_lines')
            .set((eb) => ({ price_protected: eb('price_protected', '+', amount) }))
            .where('id', '=', seen.id)
            .where('price_protected', '=', 0)
            .where('refunded_amount', '=', seen.refunded_amount)
            .where('refunded_quantity', '=', seen.refunded_quantity)
            .where((eb) => eb(eb('refunded_amount', '+', amount), '<=', eb.ref('total')))
            .returningAll()
            .executeTakeFirst();
          if (updated) taken = { line: updated, units, amount };
          else line = (await lockLine(trx, lineId))!;
        }
        if (!taken)
          throw conflict('CONCURRENT_UPDATE', 'The line kept changing; retry the claim', { lineId });

        const posted = await post(
          trx,
          {
            kind: ORDER_PRICE_PROTECTION,
            reference: order.id,
            idempotencyKey: `${ORDER_PRICE_PROTECTION}:${line.id}`,
            memo: `price protection of line ${line.id}: ${paidUnit} -> ${current.campaignPrice}`,
            entries: [
              debit(merchantPayable(line.store_id, order.currency), taken.amount),
              credit(customerWallet(order.customer_id, order.currency), taken.amount),
            ],
          },
          clock,
        );
        const row = await trx
          .insertInto('price_protection_claims')
          .values({
            id: claimId(now),
            line_id: line.id,
            order_id: order.id,
            customer_id: order.customer_id,
            store_id: line.store_id,
            paid_unit_price: paidUnit,
            current_unit_price: current.campaignPrice,
            quantity: taken.units,
            amount: taken.amount,
            ledger_txn_id: posted.transaction.id,
            created_at: now,
          })
          .onConflict((oc) => oc.column('line_id').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw alreadyClaimed(line.id);
        await trx
          .insertInto('order_events')
          .values({
            order_id: order.id,
            sub_order_id: line.sub_order_id,
            from_status: null,
            to_status: 'price_protected',
            actor_id: actor.userId,
            actor_role: actor.role,
            reason: `${row.id}: ${taken.units} x (${paidUnit} - ${current.campaignPrice})`,
            at: now,
          })
          .execute();
        await recordEvent(
          trx,
          'price_protection.claimed',
          {
            claimId: row.id,
            orderId: order.id,
            lineId: line.id,
            storeId: line.store_id,
            customerId: order.customer_id,
            amount: taken.amount,
            currency: order.currency,
            ledgerTxnId: posted.transaction.id,
          },
          clock,
        );
        return { status: 201, body: { claim: toClaim(row) } };
      },
    ).then((r) => {
      if (!r.replayed && r.status < 300) onEventsRecorded?.();
      return r;
    });
  }

  return { claim, ...createAfterSaleSettings({ db, clock, defaultDays }) };
}

export type PriceProtectionService = ReturnType<typeof createPriceProtectionService>;

const alreadyClaimed = (lineId: string) =>
  conflict('ALREADY_CLAIMED', 'Price protection was claimed for this line already', { lineId });

async function existingClaim(trx: Kysely<DB>, lineId: string) {
  return trx
    .selectFrom('price_protection_claims')
    .select('id')
    .where('line_id', '=', lineId)
    .executeTakeFirst();
}

const toClaim = (r: {
  id: string;
  order_id: string;
  line_id: string;
  store_id: string;
  customer_id: string;
  paid_unit_price: number | string;
  current_unit_price: number | string;
  quantity: number;
  amount: number | string;
  ledger_txn_id: string;
  created_at: Date | string;
}): PriceProtectionClaim => ({
  id: r.id,
  orderId: r.order_id,
  lineId: r.line_id,
  storeId: r.store_id,
  customerId: r.customer_id,
  paidUnitPrice: Number(r.paid_unit_price),
  currentUnitPrice: Number(r.current_unit_price),
  quantity: r.quantity,
  amount: Number(r.amount),
  ledgerTxnId: r.ledger_txn_id,
  createdAt: new Date(r.created_at).toISOString(),
});

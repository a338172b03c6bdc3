import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../schema';
import type { TopUp, TopUpStatus } from './model';
import type { TopUpsTable } from './tables';

/** SQL of top-ups and the caps; every counter moves by one conditional write. */
export type TopUpRow = Selectable<TopUpsTable>;

export function toTopUp(row: TopUpRow): TopUp {
  return {
    id: row.id,
    customerId: row.customer_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    gateway: row.gateway,
    chargeId: row.charge_id,
    redirectUrl: row.redirect_url,
    failureCode: row.failure_code,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export const topUpById = (db: Kysely<DB>, id: string) =>
  db.selectFrom('top_ups').selectAll().where('id', '=', id).executeTakeFirst();

export const topUpByKey = (db: Kysely<DB>, customerId: string, key: string) =>
  db
    .selectFrom('top_ups')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

export const topUpByCharge = (db: Kysely<DB>, gateway: string, chargeId: string) =>
  db
    .selectFrom('top_ups')
    .selectAll()
    .where('gateway', '=', gateway)
    .where('charge_id', '=', chargeId)
    .executeTakeFirst();

/** Adds to the customer's total for the day unless it would pass `cap`; false when it would. */
export async function reserveDaily(
  db: Kysely<DB>,
  customerId: string,
  day: string,
  amount: number,
  cap: number,
): Promise<boolean> {
  const row = await db
    .insertInto('top_up_daily')
    .values({ customer_id: customerId, day, amount })
    .onConflict((oc) =>
      oc
        .columns(['customer_id', 'day'])
        .doUpdateSet((eb) => ({ amount: eb('top_up_daily.amount', '+', amount) }))
        .where((eb) => eb(eb('top_up_daily.amount', '+', amount), '<=', cap)),
    )
    .returning('amount')
    .executeTakeFirst();
  return row !== undefined && row.amount <= cap;
}

/** Gives a failed or expired top-up's amount back to the day's allowance. */
export async function releaseDaily(db: Kysely<DB>, customerId: string, day: string, amount: number) {
  await db
    .updateTable('top_up_daily')
    .set((eb) => ({ amount: eb('amount', '-', amount) }))
    .where('customer_id', '=', customerId)
    .where('day', '=', day)
    .where('amount', '>=', amount)
    .execute();
}

/** Moves a top-up from one of `from` to `to`; the row back, or undefined when it was not in `from`. */
export async function transition(
  db: Kysely<DB>,
  id: string,
  from: TopUpStatus[],
  to: TopUpStatus,
  now: Date,
  extra: Partial<Pick<TopUpRow, 'credit_txn_id' | 'refund_txn_id' | 'failure_code'>> = {},
): Promise<TopUpRow | undefined> {
  return db
    .updateTable('top_ups')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/** Pending top-ups created before `before`, oldest first. */
export const stalePending = (db: Kysely<DB>, before: Date, limit: number) =>
  db
    .selectFrom('top_ups')
    .selectAll()
    .where('status', '=', 'pending')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();

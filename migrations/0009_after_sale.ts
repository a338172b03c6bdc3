import { type Kysely, sql } from 'kysely';

/**
 * After-sale: which payment each refund went back to, a campaign's price-protection window, and
 * the history of campaign prices lowered after approval (what 价保 compares against).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per (refund, payment) it was paid back from; the sum per payment never exceeds it
  // (the payment provider enforces that too, per charge).
  await db.schema
    .createTable('refund_payouts')
    .addColumn('refund_id', 'text', (c) => c.notNull().references('refunds.id'))
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('refund_payouts_pk', ['refund_id', 'payment_id'])
    .execute();
  await db.schema.createIndex('refund_payouts_payment').on('refund_payouts').column('payment_id').execute();

  // Per-campaign after-sale settings; a campaign without a row uses the service default (15 days).
  await db.schema
    .createTable('campaign_after_sale')
    .addColumn('campaign_id', 'text', (c) => c.primaryKey().references('campaigns.id'))
    .addColumn('price_protection_days', 'integer', (c) =>
      c.notNull().check(sql`price_protection_days between 0 and 365`),
    )
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Every change of an approved nomination's campaign price: only ever lower, never erased.
  await db.schema
    .createTable('nomination_price_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('nomination_id', 'text', (c) => c.notNull().references('nominations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('from_price', 'bigint', (c) => c.notNull())
    .addColumn('to_price', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('nomination_price_changes_lower', sql`to_price >= 0 and to_price < from_price`)
    .execute();
  await db.schema
    .createIndex('nomination_price_changes_sku')
    .on('nomination_price_changes')
    .columns(['campaign_id', 'sku_id', 'at'])
    .execute();
  await db.schema
    .createIndex('nomination_price_changes_nomination')
    .on('nomination_price_changes')
    .column('nomination_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['nomination_price_changes', 'campaign_after_sale', 'refund_payouts'])
    await db.schema.dropTable(t).execute();
}

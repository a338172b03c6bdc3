import { type Kysely, sql } from 'kysely';

/**
 * Issue 16: the live screen's aggregates. Every figure is a sum the aggregator adds to in the
 * transaction that claims the event in processed_events (consumer 'analytics'), so each event
 * counts once and the order events arrive in does not matter. `seq` grows by one per applied
 * event of the campaign: a screen that saw seq N and now sees N+3 knows it missed nothing else.
 * Buyers are exact: one row per (campaign, customer), counted when the row is first inserted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analytics_campaigns')
    .addColumn('campaign_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('gmv', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('orders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('buyers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('analytics_buyers')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('first_paid_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_buyers_pk', ['campaign_id', 'customer_id'])
    .execute();
  await db.schema
    .createTable('analytics_seconds')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('t', 'bigint', (c) => c.notNull())
    .addColumn('gmv', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('orders', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('analytics_seconds_pk', ['campaign_id', 't'])
    .execute();
  // One table per breakdown, keyed (campaign, key): category code, province, store id, SKU id.
  for (const dim of ['category', 'province', 'store', 'sku'])
    await db.schema
      .createTable(`analytics_by_${dim}`)
      .addColumn('campaign_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('gmv', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('orders', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('units', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint(`analytics_by_${dim}_pk`, ['campaign_id', 'key'])
      .execute();
  // Distinct visitors per day; store_id / sku_id are '' for a visit of the campaign page itself.
  await db.schema
    .createTable('analytics_visits')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sku_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_visits_pk', ['campaign_id', 'store_id', 'sku_id', 'day', 'visitor'])
    .execute();
  await sql`CREATE INDEX analytics_visits_store ON analytics_visits (store_id, campaign_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'analytics_visits',
    'analytics_by_sku',
    'analytics_by_store',
    'analytics_by_province',
    'analytics_by_category',
    'analytics_seconds',
    'analytics_buyers',
    'analytics_campaigns',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}

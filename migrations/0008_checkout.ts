import { type Kysely, sql } from 'kysely';

/**
 * Checkout: campaign stock sold per nomination (a counter beside `campaign_stock`, moved only
 * by conditional UPDATEs and guarded by a CHECK so an oversell is impossible even for a write
 * that forgot its guard), the campaign's pre-sale deposit rule, and the index the auto-confirm
 * job scans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('nominations')
    .addColumn('campaign_sold', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`ALTER TABLE nominations ADD CONSTRAINT nominations_campaign_sold
    CHECK (campaign_sold >= 0 AND campaign_sold <= campaign_stock)`.execute(db);

  // What happens to a pre-sale deposit when the balance is not paid in its window.
  await db.schema
    .alterTable('campaign_enrollment_rules')
    .addColumn('deposit_rule', 'text', (c) =>
      c.notNull().defaultTo('forfeit').check(sql`deposit_rule in ('forfeit','refund')`),
    )
    .execute();

  await sql`CREATE INDEX sub_orders_delivered ON sub_orders (delivered_at) WHERE status = 'delivered'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX sub_orders_delivered`.execute(db);
  await db.schema.alterTable('campaign_enrollment_rules').dropColumn('deposit_rule').execute();
  await db.schema.alterTable('nominations').dropColumn('campaign_sold').execute();
}

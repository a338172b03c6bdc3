import { type Kysely, sql } from 'kysely';

/**
 * Issue 10: charities, projects, charity items (公益宝贝), donations and disbursements.
 *
 * The donation rule in force is snapshotted per order line by a trigger on order_lines, not by
 * the checkout's code: the checkout's hot path is a fixed number of statements (8, see
 * test/checkout.hot-path.test.ts) and the trigger adds none; it runs inside the checkout's one
 * write statement, before the stock statement, so no hot row is held longer. Rules are
 * immutable versions (an edit retires one and inserts the next), so the snapshot's rule_id
 * names exactly what the buyer saw.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('charities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique())
    .addColumn('public_fundraising', 'boolean', (c) => c.notNull())
    .addColumn('contact', 'jsonb', (c) => c.notNull())
    .addColumn('bank_account', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('status_reason', 'text')
    .addColumn('verified_by', 'text')
    .addColumn('verified_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('charity_projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('charity_id', 'text', (c) => c.notNull().references('charities.id'))
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target_amount', 'bigint', (c) => c.notNull())
    .addColumn('beneficiaries', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('charity_project_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('charity_projects.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('photo_urls', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('charity_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('charity_projects.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** fixed: fen per unit; percent: basis points of the line's paid amount. */
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX charity_rules_active ON charity_rules (sku_id) WHERE retired_at IS NULL`.execute(
    db,
  );
  await db.schema
    .createTable('charity_line_rules')
    .addColumn('line_id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull().references('charity_rules.id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('charity_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('charity_line_rules_order')
    .on('charity_line_rules')
    .column('order_id')
    .execute();
  // Only a rule whose project is fundraising and whose charity is verified is snapshotted.
  await sql`
    CREATE FUNCTION charity_snapshot_line() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO charity_line_rules (line_id, order_id, rule_id, project_id, charity_id, kind, amount)
      SELECT NEW.id, NEW.order_id, r.id, r.project_id, p.charity_id, r.kind, r.amount
        FROM charity_rules r
        JOIN charity_projects p ON p.id = r.project_id AND p.status = 'fundraising'
        JOIN charities c ON c.id = p.charity_id AND c.status = 'verified'
       WHERE r.sku_id = NEW.sku_id AND r.retired_at IS NULL AND r.store_id = NEW.store_id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER order_lines_charity AFTER INSERT ON order_lines FOR EACH ROW EXECUTE FUNCTION charity_snapshot_line()`.execute(
    db,
  );
  await db.schema
    .createTable('charity_donations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('line_id', 'text', (c) => c.notNull().unique())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('sub_order_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('charity_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rate', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('log_index', 'integer', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('charity_donations_customer')
    .on('charity_donations')
    .columns(['customer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('charity_donations_project')
    .on('charity_donations')
    .columns(['project_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('charity_disbursements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('charity_projects.id'))
    .addColumn('charity_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('bank_account', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('log_index', 'integer', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('charity_disbursements_project')
    .on('charity_disbursements')
    .columns(['project_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS order_lines_charity ON order_lines`.execute(db);
  await sql`DROP FUNCTION IF EXISTS charity_snapshot_line()`.execute(db);
  for (const t of [
    'charity_disbursements',
    'charity_donations',
    'charity_line_rules',
    'charity_rules',
    'charity_project_updates',
    'charity_projects',
    'charities',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}

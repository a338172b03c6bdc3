import { type Kysely, sql } from 'kysely';

/**
 * Issue 10 items 6 and 7: traceability (溯源) and rural and green.
 *
 * - trace_codes: an item serial or a lot a store traces; a serial may belong to a lot, whose
 *   events its trace page shows too. provenance_events (0020) now reference them, and keep the
 *   leaf hash their log entry had when appended.
 * - store_origins: a farm-produce store's origin (产地) and its tags, shown in the 助农 venue.
 * - green_choices: what a customer chose at checkout (no extra packaging ...), the green points
 *   it earned and the CO2 estimate behind it, one row per order and choice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('trace_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('serial', 'lot')`))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('sku_id', 'text', (c) => c.references('skus.id'))
    .addColumn('lot_code', 'text', (c) => c.references('trace_codes.code'))
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trace_codes_store').on('trace_codes').columns(['store_id', 'code']).execute();
  await db.schema.createIndex('trace_codes_lot').on('trace_codes').column('lot_code').execute();

  await db.schema
    .alterTable('provenance_events')
    .addColumn('leaf_hash', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('provenance_events')
    .addForeignKeyConstraint('provenance_events_code', ['serial'], 'trace_codes', ['code'])
    .execute();
  await db.schema
    .createIndex('provenance_events_log_index')
    .on('provenance_events')
    .column('log_index')
    .unique()
    .execute();

  await db.schema
    .createTable('store_origins')
    .addColumn('store_id', 'text', (c) => c.primaryKey().references('stores.id'))
    .addColumn('farm', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('green_choices')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points >= 0`))
    .addColumn('co2_grams', 'integer', (c) => c.notNull().check(sql`co2_grams >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('green_choices_pk', ['order_id', 'choice'])
    .execute();
  await db.schema
    .createIndex('green_choices_customer')
    .on('green_choices')
    .columns(['customer_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('green_choices').execute();
  await db.schema.dropTable('store_origins').execute();
  await db.schema.dropIndex('provenance_events_log_index').execute();
  await db.schema.alterTable('provenance_events').dropConstraint('provenance_events_code').execute();
  await db.schema.alterTable('provenance_events').dropColumn('leaf_hash').execute();
  await db.schema.dropTable('trace_codes').execute();
}

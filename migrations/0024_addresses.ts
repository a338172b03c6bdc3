import { type Kysely, sql } from 'kysely';

/**
 * Issue 9: shipping addresses (收货地址) per customer, and the order's snapshot of the one
 * chosen at checkout. The snapshot is a copy, not a reference: a customer who edits or deletes
 * an address later must not move an order that has shipped. `shipping_province` is the
 * province's name ('浙江省') on its own, for the big screen's per-province figures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('city_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    /** The division names as of saving, so a reader needs no dataset to show them. */
    .addColumn('region', 'jsonb', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addresses_customer').on('addresses').columns(['customer_id', 'id']).execute();
  // At most one default per customer, enforced by the database rather than by read-then-write.
  await sql`CREATE UNIQUE INDEX addresses_one_default ON addresses (customer_id) WHERE is_default`.execute(
    db,
  );

  await db.schema.alterTable('orders').addColumn('shipping_address', 'jsonb').execute();
  await db.schema.alterTable('orders').addColumn('shipping_province', 'text').execute();
  await db.schema
    .createIndex('orders_shipping_province')
    .on('orders')
    .columns(['campaign_id', 'shipping_province'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_shipping_province').ifExists().execute();
  await db.schema.alterTable('orders').dropColumn('shipping_province').execute();
  await db.schema.alterTable('orders').dropColumn('shipping_address').execute();
  await db.schema.dropTable('addresses').execute();
}

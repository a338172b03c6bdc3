import { type Kysely, sql } from 'kysely';

/**
 * Issue 15: flash sales (秒杀). A slot's stock is carved out of the SKU and the nomination when
 * the slot is created, so the rush never touches those hot rows; `taken` (units held by live
 * reservations plus units ordered) moves only by conditional UPDATEs, and the CHECK makes an
 * oversell impossible even for a write that forgot its guard. PostgreSQL is the arbiter; the KV
 * holds the fast copy (flash-sales/slot-state.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('flash_sale_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('nomination_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('list_price', 'bigint', (c) => c.notNull())
    .addColumn('flash_price', 'bigint', (c) => c.notNull().check(sql`flash_price > 0`))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock > 0`))
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('per_customer_limit', 'integer', (c) =>
      c.notNull().defaultTo(1).check(sql`per_customer_limit > 0`),
    )
    .addColumn('checkout_minutes', 'integer', (c) =>
      c.notNull().defaultTo(5).check(sql`checkout_minutes > 0`),
    )
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled','paused','closed')`),
    )
    .addColumn('paused_at', 'timestamptz')
    .addColumn('waiting_room', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('min_account_age_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('slot_rate_per_sec', 'integer')
    .addColumn('customer_rate_per_sec', 'integer')
    .addColumn('ip_rate_per_sec', 'integer')
    .addColumn('sold_out_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('flash_sale_slots_taken', sql`taken >= 0 and taken <= stock`)
    .addCheckConstraint('flash_sale_slots_window', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('flash_sale_slots_campaign')
    .on('flash_sale_slots')
    .columns(['campaign_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('flash_sale_slots_store')
    .on('flash_sale_slots')
    .columns(['store_id', 'starts_at'])
    .execute();
  // The close job looks only at slots not yet closed.
  await sql`CREATE INDEX flash_sale_slots_open ON flash_sale_slots (ends_at) WHERE status <> 'closed'`.execute(
    db,
  );

  await db.schema
    .createTable('flash_sale_reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slot_id', 'text', (c) => c.notNull().references('flash_sale_slots.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('reserved','ordered','expired','cancelled','released')`),
    )
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addUniqueConstraint('flash_sale_reservations_key', ['slot_id', 'customer_id', 'idempotency_key'])
    .execute();
  // One live reservation per customer per slot, whatever the KV says.
  await sql`CREATE UNIQUE INDEX flash_sale_reservations_live ON flash_sale_reservations (slot_id, customer_id)
    WHERE status = 'reserved'`.execute(db);
  // The expiry sweeper scans live reservations by deadline.
  await sql`CREATE INDEX flash_sale_reservations_deadline ON flash_sale_reservations (deadline)
    WHERE status = 'reserved'`.execute(db);
  await db.schema
    .createIndex('flash_sale_reservations_customer')
    .on('flash_sale_reservations')
    .columns(['customer_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('flash_sale_customer_units')
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull().check(sql`units >= 0`))
    .addPrimaryKeyConstraint('flash_sale_customer_units_pk', ['slot_id', 'customer_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('flash_sale_customer_units').execute();
  await db.schema.dropTable('flash_sale_reservations').execute();
  await db.schema.dropTable('flash_sale_slots').execute();
}

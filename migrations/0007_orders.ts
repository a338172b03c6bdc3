import { type Kysely, sql } from 'kysely';

/**
 * Orders: a parent order per checkout, one sub-order per store (拆单), lines that keep their
 * apportioned adjustments and funders, payments, refunds, price-protection claims, and every
 * status change. Amounts are bigint minor units; refund counters only grow, guarded by checks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cart_items')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 999`))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('cart_items_pk', ['customer_id', 'campaign_id', 'sku_id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('created','deposit_paid','paid','closed','completed')`),
    )
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('merchant_funded', 'bigint', (c) => c.notNull())
    .addColumn('platform_funded', 'bigint', (c) => c.notNull())
    .addColumn('allowance_used', 'bigint', (c) => c.notNull().defaultTo(0))
    // Pre-sale: the deposit is due now, the balance inside [balance_due_from, balance_due_until).
    .addColumn('deposit_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('balance_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('balance_due_from', 'timestamptz')
    .addColumn('balance_due_until', 'timestamptz')
    .addColumn('deposit_rule', 'text', (c) =>
      c.notNull().defaultTo('forfeit').check(sql`deposit_rule in ('forfeit','refund')`),
    )
    .addColumn('amount_paid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('pay_by', 'timestamptz', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('close_reason', 'text')
    .addColumn('pricing', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'orders_amounts',
      sql`total = subtotal - discount and total >= 0 and amount_paid between 0 and total`,
    )
    .execute();
  await db.schema
    .createIndex('orders_customer')
    .on('orders')
    .columns(['customer_id', 'created_at'])
    .execute();
  await sql`CREATE INDEX orders_unpaid ON orders (pay_by) WHERE status = 'created'`.execute(db);
  await sql`CREATE INDEX orders_balance_due ON orders (balance_due_until) WHERE status = 'deposit_paid'`.execute(
    db,
  );

  await db.schema
    .createTable('sub_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('created','deposit_paid','paid','shipped','delivered','completed','cancelled','closed')`,
        ),
    )
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('merchant_funded', 'bigint', (c) => c.notNull())
    .addColumn('platform_funded', 'bigint', (c) => c.notNull())
    .addColumn('tracking', 'jsonb')
    .addColumn('shipped_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sub_orders_order').on('sub_orders').column('order_id').execute();
  await db.schema.createIndex('sub_orders_store').on('sub_orders').columns(['store_id', 'status']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('sub_order_id', 'text', (c) => c.notNull().references('sub_orders.id'))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('nomination_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('list_price', 'bigint', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('merchant_funded', 'bigint', (c) => c.notNull())
    .addColumn('platform_funded', 'bigint', (c) => c.notNull())
    .addColumn('deposit', 'bigint')
    .addColumn('balance', 'bigint')
    // [{ promotion, layer, amount, fundedBy }]: the apportioned adjustments, as priced at checkout.
    .addColumn('adjustments', 'jsonb', (c) => c.notNull())
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_merchant', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_platform', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('price_protected', 'bigint', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint(
      'order_lines_refunds',
      sql`refunded_amount <= total and refunded_quantity <= quantity`,
    )
    .execute();
  await db.schema.createIndex('order_lines_order').on('order_lines').column('order_id').execute();
  await db.schema.createIndex('order_lines_sub_order').on('order_lines').column('sub_order_id').execute();

  await db.schema
    .createTable('order_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('sub_order_id', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_events_order').on('order_events').column('order_id').execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('full','deposit','balance')`))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('succeeded','failed')`))
    .addColumn('failure_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // One successful payment of each kind per order: a double click cannot pay twice.
  await sql`CREATE UNIQUE INDEX payments_once ON payments (order_id, kind) WHERE status = 'succeeded'`.execute(
    db,
  );

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('sub_order_id', 'text', (c) => c.notNull().references('sub_orders.id'))
    .addColumn('line_id', 'text', (c) => c.notNull().references('order_lines.id'))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('merchant_part', 'bigint', (c) => c.notNull())
    .addColumn('platform_part', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested','approved','rejected')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('ledger_txn_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('refunds_store').on('refunds').columns(['store_id', 'status']).execute();
  await db.schema.createIndex('refunds_order').on('refunds').column('order_id').execute();

  await db.schema
    .createTable('price_protection_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Once per line: the unique key is what makes a second claim a no-op.
    .addColumn('line_id', 'text', (c) => c.notNull().unique().references('order_lines.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('paid_unit_price', 'bigint', (c) => c.notNull())
    .addColumn('current_unit_price', 'bigint', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('ledger_txn_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'price_protection_claims',
    'refunds',
    'payments',
    'order_events',
    'order_lines',
    'sub_orders',
    'orders',
    'cart_items',
  ])
    await db.schema.dropTable(t).execute();
}

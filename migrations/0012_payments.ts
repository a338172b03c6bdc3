import { type Kysely, sql } from 'kysely';

/**
 * Payments: wallet top-ups through a hosted payment gateway, the built-in sandbox gateway's own
 * books (charges, refunds, its queue of notifications to deliver, its shared secret), and capped
 * demo credits. Counters (daily top-up total, demo credit total) move only by conditional writes
 * and carry CHECKs, so a write that forgot its guard still cannot pass the cap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('top_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending','succeeded','failed','expired','refunding','refunded')`),
    )
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('charge_id', 'text', (c) => c.unique())
    .addColumn('redirect_url', 'text')
    .addColumn('credit_txn_id', 'text')
    .addColumn('refund_txn_id', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('top_ups_customer_key', ['customer_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('top_ups_customer')
    .on('top_ups')
    .columns(['customer_id', 'created_at'])
    .execute();
  await sql`CREATE INDEX top_ups_pending ON top_ups (created_at) WHERE status = 'pending'`.execute(db);

  // What a customer has asked to top up on a day (Asia/Shanghai), released when a top-up fails.
  await db.schema
    .createTable('top_up_daily')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addPrimaryKeyConstraint('top_up_daily_pk', ['customer_id', 'day'])
    .execute();

  await db.schema
    .createTable('demo_credits')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('txn_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('demo_credits_pk', ['customer_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createTable('demo_credit_totals')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('total', 'bigint', (c) => c.notNull().check(sql`total >= 0`))
    .execute();

  // The sandbox gateway: a stand-in for Alipay/WeChat Pay/Stripe that lives in the same database.
  await db.schema
    .createTable('sandbox_charges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','succeeded','cancelled')`))
    .addColumn('refunded', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('notify_url', 'text', (c) => c.notNull())
    .addColumn('return_url', 'text', (c) => c.notNull())
    .addColumn('page_token', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addCheckConstraint('sandbox_charges_refunded', sql`refunded >= 0 and refunded <= amount`)
    .execute();
  await db.schema
    .createTable('sandbox_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('charge_id', 'text', (c) => c.notNull().references('sandbox_charges.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('sandbox_refunds_key', ['charge_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createTable('sandbox_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('charge_id', 'text', (c) => c.notNull().references('sandbox_charges.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('notify_url', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX sandbox_notifications_due ON sandbox_notifications (next_attempt_at)
    WHERE delivered_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sandbox_notifications',
    'sandbox_refunds',
    'sandbox_charges',
    'demo_credit_totals',
    'demo_credits',
    'top_up_daily',
    'top_ups',
  ])
    await db.schema.dropTable(table).execute();
}

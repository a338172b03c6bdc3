import { type Kysely, sql } from 'kysely';

/**
 * Issue 11: conference tickets (pretix semantics) and the mail outbox.
 *
 * Capacity lives on `ticket_quotas` as counters (`held`: carts, waiting-list offers and partner
 * reservations; `sold`), moved only by conditional UPDATEs; CHECKs make an overshoot impossible
 * even for a bug that forgets the WHERE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Organizers are paid like stores: their own payable account in the ledger.
  await sql`ALTER TABLE ledger_accounts DROP CONSTRAINT IF EXISTS ledger_accounts_owner_type_check`.execute(
    db,
  );
  await sql`ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_owner_type_check CHECK (owner_type IN ('customer','store','platform','charity','organizer'))`.execute(
    db,
  );
  await db.schema
    .createTable('ticket_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'jsonb', (c) => c.notNull())
    .addColumn('price', 'integer', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('sale_starts_at', 'timestamptz')
    .addColumn('sale_ends_at', 'timestamptz')
    .addColumn('max_per_order', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('max_per_account', 'integer')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('anyone'))
    .addColumn('audience_roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('addon_of', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_types_event').on('ticket_types').column('event_id').execute();

  await db.schema
    .createTable('ticket_quotas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0).check(sql`held >= 0`))
    .addColumn('sold', 'integer', (c) => c.notNull().defaultTo(0).check(sql`sold >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`ALTER TABLE ticket_quotas ADD CONSTRAINT ticket_quotas_cap CHECK (held + sold <= size)`.execute(
    db,
  );
  await db.schema
    .createTable('ticket_quota_types')
    .addColumn('quota_id', 'text', (c) => c.notNull().references('ticket_quotas.id').onDelete('cascade'))
    .addColumn('type_id', 'text', (c) => c.notNull().references('ticket_types.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ticket_quota_types_pk', ['quota_id', 'type_id'])
    .execute();
  await db.schema.createIndex('ticket_quota_types_type').on('ticket_quota_types').column('type_id').execute();

  await db.schema
    .createTable('ticket_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'jsonb', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('type_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('required_type_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ticket_vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('type_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('max_uses', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0).check(sql`used >= 0`))
    /** Seats this voucher keeps in its type's quotas (counted in their `held`), not yet sold. */
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0).check(sql`reserved >= 0`))
    .addColumn('valid_from', 'timestamptz')
    .addColumn('valid_until', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    /** Waiting-list offers are vouchers for one account. */
    .addColumn('owner_user_id', 'text')
    .addColumn('waitlist_entry_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`ALTER TABLE ticket_vouchers ADD CONSTRAINT ticket_vouchers_uses CHECK (used <= max_uses)`.execute(
    db,
  );
  await db.schema
    .createIndex('ticket_vouchers_code')
    .on('ticket_vouchers')
    .columns(['event_id', 'code'])
    .unique()
    .execute();

  await db.schema
    .createTable('ticket_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('items', 'jsonb', (c) => c.notNull())
    /** { quotaId: seats } this hold added to `held`: what a release gives back, exactly once. */
    .addColumn('quota_moves', 'jsonb', (c) => c.notNull())
    .addColumn('voucher_id', 'text')
    .addColumn('voucher_seats', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('release_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_holds_due')
    .on('ticket_holds')
    .columns(['status', 'expires_at'])
    .execute();

  await db.schema
    .createTable('ticket_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('hold_id', 'text', (c) => c.notNull().unique())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('buyer_email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('discount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('quota_moves', 'jsonb', (c) => c.notNull())
    .addColumn('charge_ref', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_orders_buyer')
    .on('ticket_orders')
    .columns(['buyer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('ticket_orders_event')
    .on('ticket_orders')
    .columns(['event_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ticket_orders.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('parent_ticket_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('attendee_name', 'text', (c) => c.notNull())
    .addColumn('attendee_email', 'text', (c) => c.notNull())
    .addColumn('attendee_company', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    /** The quotas this ticket's seat counts in (as sold), what a cancellation gives back. */
    .addColumn('quota_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cancelled_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('tickets_event').on('tickets').columns(['event_id', 'type_id']).execute();
  await db.schema.createIndex('tickets_buyer').on('tickets').columns(['buyer_id', 'type_id']).execute();

  await db.schema
    .createTable('ticket_waitlist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull().references('ticket_types.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('waiting'))
    .addColumn('voucher_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('offered_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('ticket_waitlist_once')
    .on('ticket_waitlist')
    .columns(['type_id', 'user_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('ticket_notices')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_notices_user')
    .on('ticket_notices')
    .columns(['user_id', 'id'])
    .execute();

  await db.schema
    .createTable('ticket_event_settings')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('hold_minutes', 'integer', (c) => c.notNull().defaultTo(15))
    .addColumn('offer_hours', 'integer', (c) => c.notNull().defaultTo(24))
    .addColumn('unpaid_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_outbox_to').on('mail_outbox').columns(['to', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'mail_outbox',
    'ticket_event_settings',
    'ticket_notices',
    'ticket_waitlist',
    'tickets',
    'ticket_orders',
    'ticket_holds',
    'ticket_vouchers',
    'ticket_questions',
    'ticket_quota_types',
    'ticket_quotas',
    'ticket_types',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}

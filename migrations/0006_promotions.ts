import { type Kysely, sql } from 'kysely';

/**
 * Coupons, 购物津贴 (allowance) and promotion budgets. Every counter here is guarded twice:
 * by the conditional UPDATE that moves it (`... WHERE used < claimed RETURNING`) and by a CHECK
 * constraint that makes an overdraft impossible even for a write that forgot its guard.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coupons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('platform','store')`))
    .addColumn('store_id', 'text', (c) => c.references('stores.id'))
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('promotion', 'jsonb', (c) => c.notNull())
    // The coupon's use window, copied from promotion.startsAt/endsAt so held coupons filter in SQL.
    .addColumn('valid_from', 'timestamptz')
    .addColumn('valid_until', 'timestamptz')
    .addColumn('claim_starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claim_ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('per_customer_limit', 'integer', (c) => c.notNull().check(sql`per_customer_limit > 0`))
    .addColumn('total_quantity', 'integer', (c) => c.notNull().check(sql`total_quantity > 0`))
    .addColumn('claimed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('redeemed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active','paused')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('coupons_claimed_range', sql`claimed_count >= 0 and claimed_count <= total_quantity`)
    .addCheckConstraint(
      'coupons_redeemed_range',
      sql`redeemed_count >= 0 and redeemed_count <= claimed_count`,
    )
    .addCheckConstraint('coupons_claim_window', sql`claim_starts_at < claim_ends_at`)
    .addCheckConstraint('coupons_store_scope', sql`(scope = 'store') = (store_id is not null)`)
    .execute();
  await db.schema.createIndex('coupons_campaign').on('coupons').column('campaign_id').execute();
  await db.schema.createIndex('coupons_store').on('coupons').column('store_id').execute();

  // One row per (customer, coupon): `claimed` grows by claims, `used` by redemptions at checkout.
  await db.schema
    .createTable('coupon_wallet')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupons.id'))
    .addColumn('claimed', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('coupon_wallet_pk', ['customer_id', 'coupon_id'])
    .addCheckConstraint('coupon_wallet_used_range', sql`used >= 0 and used <= claimed`)
    .execute();
  await db.schema.createIndex('coupon_wallet_coupon').on('coupon_wallet').column('coupon_id').execute();

  await db.schema
    .createTable('coupon_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('coupon_id', 'text', (c) => c.notNull().references('coupons.id'))
    .addColumn('redeemed_by', 'text', (c) => c.references('users.id'))
    .addColumn('redeemed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('coupon_codes_redeemed_pair', sql`(redeemed_by is null) = (redeemed_at is null)`)
    .execute();
  await db.schema.createIndex('coupon_codes_coupon').on('coupon_codes').column('coupon_id').execute();

  await db.schema
    .createTable('allowance_accounts')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('balance', 'bigint', (c) => c.notNull().check(sql`balance >= 0`))
    .addColumn('granted_total', 'bigint', (c) => c.notNull().check(sql`granted_total >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('allowance_accounts_pk', ['customer_id', 'campaign_id'])
    .execute();

  await db.schema
    .createTable('promotion_budgets')
    .addColumn('promotion_id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('budget_amount', 'bigint', (c) => c.check(sql`budget_amount >= 0`))
    .addColumn('spent_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('max_uses', 'integer', (c) => c.check(sql`max_uses >= 0`))
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('per_customer_uses', 'integer', (c) => c.check(sql`per_customer_uses > 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'promotion_budgets_spent',
      sql`spent_amount >= 0 and (budget_amount is null or spent_amount <= budget_amount)`,
    )
    .addCheckConstraint('promotion_budgets_uses', sql`uses >= 0 and (max_uses is null or uses <= max_uses)`)
    .execute();
  await db.schema
    .createIndex('promotion_budgets_campaign')
    .on('promotion_budgets')
    .column('campaign_id')
    .execute();

  await db.schema
    .createTable('promotion_usage')
    .addColumn('promotion_id', 'text', (c) => c.notNull().references('promotion_budgets.promotion_id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().check(sql`uses >= 0`))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addPrimaryKeyConstraint('promotion_usage_pk', ['promotion_id', 'customer_id'])
    .execute();

  // What each order took; `release` gives it back exactly once (see service/redemption.ts).
  await db.schema
    .createTable('promotion_redemptions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('coupon','allowance','promotion')`))
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('released_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_released', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addCheckConstraint(
      'promotion_redemptions_released',
      sql`released_amount >= 0 and released_amount <= amount`,
    )
    .execute();
  await sql`CREATE UNIQUE INDEX promotion_redemptions_once ON promotion_redemptions (order_id, kind, ref_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'promotion_redemptions',
    'promotion_usage',
    'promotion_budgets',
    'allowance_accounts',
    'coupon_codes',
    'coupon_wallet',
    'coupons',
  ])
    await db.schema.dropTable(t).execute();
}

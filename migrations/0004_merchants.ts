import { type Kysely, sql } from 'kysely';

/**
 * Merchants, their catalog, and campaign enrollment (招商): stores and their staff, products
 * and SKUs with a price history (for the 30-day lowest price), a campaign's enrollment
 * rules, a store's enrollment in a campaign, and the SKUs it nominates.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('main_category', 'text', (c) => c.notNull())
    .addColumn('rating_tenths', 'integer', (c) =>
      c.notNull().defaultTo(0).check(sql`rating_tenths between 0 and 50`),
    )
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('qualifications', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('store_members')
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner','staff')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('store_members_pk', ['store_id', 'user_id'])
    .execute();
  await db.schema.createIndex('store_members_user').on('store_members').column('user_id').execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('image_urls', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_store').on('products').column('store_id').execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('attributes', 'jsonb', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skus_product').on('skus').column('product_id').execute();
  await db.schema.createIndex('skus_store').on('skus').column('store_id').execute();

  // Append-only: one row per price change, the first one at creation.
  await db.schema
    .createTable('sku_price_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('effective_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sku_price_history_sku_at')
    .on('sku_price_history')
    .columns(['sku_id', 'effective_at'])
    .execute();

  await db.schema
    .createTable('campaign_enrollment_rules')
    .addColumn('campaign_id', 'text', (c) => c.primaryKey().references('campaigns.id'))
    .addColumn('eligible_categories', 'jsonb', (c) => c.notNull())
    .addColumn('min_rating_tenths', 'integer', (c) =>
      c.notNull().check(sql`min_rating_tenths between 0 and 50`),
    )
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('max_price_bp', 'integer', (c) => c.notNull().check(sql`max_price_bp between 1 and 10000`))
    .addColumn('promotions', 'jsonb', (c) => c.notNull())
    .addColumn('required_promotion_ids', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('campaign_enrollment_rules_window', sql`opens_at < closes_at`)
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('committed_promotion_ids', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('enrollments_campaign_store', ['campaign_id', 'store_id'])
    .execute();
  await db.schema.createIndex('enrollments_store').on('enrollments').column('store_id').execute();

  await db.schema
    .createTable('nominations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrollment_id', 'text', (c) => c.notNull().references('enrollments.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    // Snapshots of the product at nomination, so the venue filters and pages in one table.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('campaign_price', 'bigint', (c) => c.notNull().check(sql`campaign_price >= 0`))
    .addColumn('campaign_stock', 'integer', (c) => c.notNull().check(sql`campaign_stock > 0`))
    .addColumn('reference_price', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending','approved','rejected','withdrawn')`),
    )
    .addColumn('reason', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // A SKU is in a campaign at most once at a time; after a rejection or withdrawal it may be nominated again.
  await sql`CREATE UNIQUE INDEX nominations_campaign_sku_active ON nominations (campaign_id, sku_id) WHERE status IN ('pending','approved')`.execute(
    db,
  );
  await db.schema
    .createIndex('nominations_campaign_status')
    .on('nominations')
    .columns(['campaign_id', 'status'])
    .execute();
  await db.schema.createIndex('nominations_store').on('nominations').column('store_id').execute();
  await db.schema.createIndex('nominations_enrollment').on('nominations').column('enrollment_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'nominations',
    'enrollments',
    'campaign_enrollment_rules',
    'sku_price_history',
    'skus',
    'products',
    'store_members',
    'stores',
  ])
    await db.schema.dropTable(t).execute();
}

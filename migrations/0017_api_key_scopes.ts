import { type Kysely, sql } from 'kysely';

/**
 * Scoped API keys (issue 13, item 2): a key carries scopes, optionally the stores and campaigns
 * it may touch (null = everything its owner may touch) and its own rate per minute (null = the
 * configured default). last_used_at exists since 0002.
 *
 * Keys made before scopes existed carried their owner's full role. They keep working, but for
 * reading only: they get the read scopes as they were when this migration was written (a list
 * frozen here, not imported, so the migration never changes meaning). Writes need a new key.
 */
const READ_SCOPES_0017 = [
  'campaigns:read',
  'stores:read',
  'catalog:read',
  'enrollment:read',
  'promotions:read',
  'orders:read',
  'refunds:read',
  'ledger:read',
  'audit:read',
  'users:read',
  'flash-sales:read',
  'webhooks:read',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('scopes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema.alterTable('api_keys').addColumn('store_ids', sql`text[]`).execute();
  await db.schema.alterTable('api_keys').addColumn('campaign_ids', sql`text[]`).execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('rate_per_minute', 'integer', (c) => c.check(sql`rate_per_minute > 0`))
    .execute();
  await sql`UPDATE api_keys SET scopes = ${sql.val(READ_SCOPES_0017)}::text[]`.execute(db);
  // The key list of the developer portal reads a user's keys.
  await db.schema.createIndex('api_keys_user').on('api_keys').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('api_keys_user').execute();
  for (const column of ['rate_per_minute', 'campaign_ids', 'store_ids', 'scopes'])
    await db.schema.alterTable('api_keys').dropColumn(column).execute();
}

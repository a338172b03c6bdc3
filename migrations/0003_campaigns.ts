import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaign_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('shopping_festival','merchant_growth','tech_summit','public_welfare')`),
    )
    .addColumn('audiences', sql`text[]`, (c) => c.notNull())
    .addColumn('workflow_status', 'text', (c) =>
      c.notNull().check(sql`workflow_status in ('draft','in_review','published','archived')`),
    )
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('theme', 'jsonb', (c) => c.notNull())
    .addColumn('organizer_name', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('phases', 'jsonb', (c) => c.notNull())
    .addColumn('series_id', 'text', (c) => c.references('campaign_series.id'))
    .addColumn('edition', 'integer')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('view_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('campaigns_time_order', sql`starts_at < ends_at`)
    .execute();
  await db.schema.createIndex('campaigns_starts').on('campaigns').columns(['starts_at', 'ends_at']).execute();
  await db.schema.createIndex('campaigns_series').on('campaigns').columns(['series_id', 'edition']).execute();
  await sql`CREATE UNIQUE INDEX campaigns_series_edition ON campaigns (series_id, edition) WHERE series_id IS NOT NULL`.execute(
    db,
  );

  await db.schema
    .createTable('campaign_transitions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_transitions_campaign')
    .on('campaign_transitions')
    .column('campaign_id')
    .execute();

  // One row per (campaign, local day, viewer): the primary key is what makes a reload free.
  await db.schema
    .createTable('campaign_views')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('viewer', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_views_pk', ['campaign_id', 'day', 'viewer'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['campaign_views', 'campaign_transitions', 'campaigns', 'campaign_series'])
    await db.schema.dropTable(t).execute();
}

import { type Kysely, sql } from 'kysely';

/**
 * Issue 12: a conference's tracks (专场: AI, cloud-native, merchant growth...). Both the call for
 * proposals (a proposal is filed under a track, reviewers are appointed per track) and the
 * schedule (the agenda filters by track, feedback averages per track) read them, so they are the
 * programme module's and come first, in a migration of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conf_tracks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    /** A CSS colour for the agenda's grid, e.g. '#1677ff'. */
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX conf_tracks_event ON conf_tracks (event_id, position, id)`.execute(db);
  await sql`CREATE UNIQUE INDEX conf_tracks_event_name ON conf_tracks (event_id, name_zh)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conf_tracks').execute();
}

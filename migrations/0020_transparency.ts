import { type Kysely, sql } from 'kysely';

/**
 * Issue 10: append-only transparency logs (RFC 9162 Merkle trees) and their signed checkpoints,
 * and the provenance (溯源) events that are one of those logs' sources.
 *
 * A log's head row holds its size; an append moves it with one conditional UPDATE ... RETURNING,
 * whose row lock serialises appenders until their transactions end, so indices have no gap (a
 * rolled-back append gives its index back) and no duplicate. Entries keep the canonical record
 * text (its UTF-8 bytes are the leaf data) and the leaf hash computed at append time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transparency_heads')
    .addColumn('log', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`INSERT INTO transparency_heads (log, size) VALUES ('donations', 0), ('provenance', 0)`.execute(
    db,
  );

  await db.schema
    .createTable('transparency_entries')
    .addColumn('log', 'text', (c) => c.notNull().references('transparency_heads.log'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('transparency_entries_pk', ['log', 'idx'])
    .execute();

  await db.schema
    .createTable('transparency_checkpoints')
    .addColumn('log', 'text', (c) => c.notNull().references('transparency_heads.log'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('transparency_checkpoints_pk', ['log', 'size'])
    .execute();

  await db.schema
    .createTable('provenance_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('log_index', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('provenance_events_serial')
    .on('provenance_events')
    .columns(['serial', 'occurred_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'provenance_events',
    'transparency_checkpoints',
    'transparency_entries',
    'transparency_heads',
  ])
    await db.schema.dropTable(t).execute();
}

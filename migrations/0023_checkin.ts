import { type Kysely, sql } from 'kysely';

/**
 * Issue 11 item 6: check-in. Each event's Ed25519 signing key is a server secret (no table here);
 * these tables hold the check-in lists with their rules, the staff an organizer adds, every
 * scan a device reports (online or synced later), and one entry per (list, ticket): the scan
 * that admitted it first. The entry row is what makes "first scan wins" a conditional write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkin_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** event | day | workshop: what the organizer meant; the rules below are what is checked. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** Ticket type ids admitted; empty = every type of the event. */
    .addColumn('type_ids', 'jsonb', (c) => c.notNull())
    /** Local dates (YYYY-MM-DD, the event's zone) a scan is valid on; empty = any day. */
    .addColumn('valid_days', 'jsonb', (c) => c.notNull())
    .addColumn('allow_reentry', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('checkin_lists_event').on('checkin_lists').column('event_id').execute();

  await db.schema
    .createTable('checkin_staff')
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_staff_pk', ['event_id', 'user_id'])
    .execute();
  await db.schema.createIndex('checkin_staff_user').on('checkin_staff').column('user_id').execute();

  await db.schema
    .createTable('checkin_scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull().references('checkin_lists.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    /** Null when the code could not be read as a ticket at all (bad signature, garbage). */
    .addColumn('ticket_id', 'text')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('client_scan_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    /** The device's clock (offline scans are ordered by it); recorded_at is the server's. */
    .addColumn('scanned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    /** admitted | duplicate (admitted offline after another device did) | refused */
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    /** The answer given, so a retried scan (same clientScanId) gets it again. */
    .addColumn('answer', 'jsonb', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX checkin_scans_client ON checkin_scans (list_id, device_id, client_scan_id)`.execute(
    db,
  );
  await db.schema
    .createIndex('checkin_scans_list_time')
    .on('checkin_scans')
    .columns(['list_id', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('checkin_scans_ticket')
    .on('checkin_scans')
    .columns(['list_id', 'ticket_id'])
    .execute();

  await db.schema
    .createTable('checkin_entries')
    .addColumn('list_id', 'text', (c) => c.notNull().references('checkin_lists.id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('first_scan_id', 'text', (c) => c.notNull())
    .addColumn('first_scanned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_device_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_entries_pk', ['list_id', 'ticket_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['checkin_entries', 'checkin_scans', 'checkin_staff', 'checkin_lists'])
    await db.schema.dropTable(t).execute();
}

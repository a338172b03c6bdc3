import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '../src/platform/db/testing';

// The quota counters' CHECKs are the last line of defence against an overshoot: a bug that
// forgets the conditional WHERE must still fail in the database.
describe.each(testDatabaseTargets())('migration 0022 tickets ($kind)', ({ open }) => {
  it('creates the tables and refuses a quota held + sold above its size', async () => {
    const { db, close } = await open();
    try {
      const tables = await sql<{ t: string }>`SELECT table_name AS t FROM information_schema.tables
        WHERE table_name IN ('ticket_types','ticket_quotas','ticket_holds','ticket_orders','tickets','ticket_waitlist','ticket_vouchers','mail_outbox')`.execute(
        db,
      );
      expect(tables.rows.length).toBe(8);
      await sql`ALTER TABLE ticket_quotas DROP CONSTRAINT ticket_quotas_event_id_fkey`.execute(db);
      await db
        .insertInto('ticket_quotas')
        .values({ id: 'tqu_1', event_id: 'cmp_x', name: 'hall', size: 2, created_at: new Date() })
        .execute();
      await db.updateTable('ticket_quotas').set({ held: 2 }).where('id', '=', 'tqu_1').execute();
      await expect(
        db.updateTable('ticket_quotas').set({ sold: 1 }).where('id', '=', 'tqu_1').execute(),
      ).rejects.toThrow();
    } finally {
      await close();
    }
  }, 120_000);
});

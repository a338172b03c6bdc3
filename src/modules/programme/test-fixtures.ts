import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Harness } from '../../../test/support/harness';
import { http, type SignedIn } from '../orders/test-fixtures';
import { addQuota, addType, buy, key, typeDraft } from '../tickets/test-fixtures';

/** Test helpers (not part of the public surface): rooms, sessions, tickets and admissions. */
export { key };

export const dec1 = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+08:00`).toISOString();

export async function post(h: Harness, who: SignedIn, url: string, body: unknown, status = 201) {
  const res = await http(h)('POST', url, who, body, key());
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

export async function put(h: Harness, who: SignedIn | null, url: string, body?: unknown, status = 200) {
  const res = await http(h)('PUT', url, who, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** A free ticket type with a quota, for buying tickets in tests; returns its id. */
export async function freeTickets(h: Harness, organizer: SignedIn, eventId: string, size = 500) {
  const typeId = await addType(
    h,
    organizer,
    eventId,
    typeDraft(`免费票 ${Math.random()}`, 0, { maxPerAccount: 10 }),
  );
  await addQuota(h, organizer, eventId, `免费 ${Math.random()}`, size, [typeId]);
  return typeId;
}

export async function ticketFor(h: Harness, who: SignedIn, eventId: string, typeId: string) {
  const order = await buy(h, who, eventId, typeId);
  return order.tickets[0]?.id as string;
}

/** Admits a ticket as a check-in scan would (an entry row on a list of the event). */
export async function admit(h: Harness, eventId: string, ticketId: string) {
  const db = h.ctx.db;
  const listId = `ckl_test_${eventId}`;
  const now = new Date();
  await sql`INSERT INTO checkin_lists (id, event_id, name, kind, type_ids, valid_days, created_by, created_at, updated_at)
    VALUES (${listId}, ${eventId}, 'test', 'event', '[]'::jsonb, '[]'::jsonb, 'test', ${now}, ${now})
    ON CONFLICT (id) DO NOTHING`.execute(db);
  const t = await db
    .selectFrom('tickets')
    .select('type_id')
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('checkin_entries')
    .values({
      list_id: listId,
      ticket_id: ticketId,
      type_id: t.type_id,
      first_scan_id: `cks_${ticketId}`,
      first_scanned_at: now,
      first_device_id: 'test',
    })
    .execute();
}

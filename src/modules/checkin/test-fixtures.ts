import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Harness } from '../../../test/support/harness';
import type { DB } from '../../schema';

export type Who = { cookie: string } | null;

export function http(h: Harness) {
  return (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    who: Who,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    h.app.inject({
      method,
      url,
      headers: who ? { cookie: who.cookie } : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}

/** A tech summit (a ticketed kind) owned by the organizer, or another kind. */
export async function createEvent(
  h: Harness,
  organizer: { cookie: string },
  slug: string,
  kind = 'tech_summit',
): Promise<string> {
  const res = await http(h)('POST', '/api/campaigns', organizer, {
    slug,
    kind,
    organizer: { name: '云栖' },
    audiences: kind === 'tech_summit' ? ['developers'] : ['merchants'],
    title: { 'zh-CN': '云栖大会', 'en-US': 'Apsara Conference' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-11-20T09:00:00+08:00',
    endsAt: '2026-11-22T18:00:00+08:00',
  });
  if (res.statusCode !== 201) throw new Error(`event: ${res.body}`);
  return (res.json() as { campaign: { id: string } }).campaign.id;
}

let n = 0;

/** A ticket type row (the tickets module's table, migration 0022). */
export async function insertType(db: Kysely<DB>, eventId: string, name: string): Promise<string> {
  const id = `ttp_test${++n}${Math.random().toString(36).slice(2, 8)}`;
  await db
    .insertInto('ticket_types')
    .values({
      id,
      event_id: eventId,
      name: JSON.stringify({ 'zh-CN': name, 'en-US': name }),
      description: JSON.stringify({ 'zh-CN': '', 'en-US': '' }),
      price: 0,
      sale_starts_at: null,
      sale_ends_at: null,
      max_per_account: null,
      created_at: new Date('2026-10-01T00:00:00Z'),
    })
    .execute();
  return id;
}

/** An issued ticket with its (paid) order, as the tickets module writes them. */
export async function insertTicket(
  db: Kysely<DB>,
  t: { eventId: string; typeId: string; buyerId: string; name: string; company?: string; email?: string },
  status: 'valid' | 'cancelled' | 'pending' = 'valid',
): Promise<string> {
  const k = `${++n}${Math.random().toString(36).slice(2, 8)}`;
  const at = new Date('2026-10-02T00:00:00Z');
  await db
    .insertInto('ticket_orders')
    .values({
      id: `tor_test${k}`,
      event_id: t.eventId,
      hold_id: `thd_test${k}`,
      buyer_id: t.buyerId,
      buyer_name: t.name,
      buyer_email: t.email ?? `${k}@test.local`,
      status: 'paid',
      total: 0,
      quota_moves: JSON.stringify({}),
      paid_at: at,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('tickets')
    .values({
      id: `tkt_test${k}`,
      order_id: `tor_test${k}`,
      event_id: t.eventId,
      type_id: t.typeId,
      buyer_id: t.buyerId,
      parent_ticket_id: null,
      status,
      price: 0,
      attendee_name: t.name,
      attendee_email: t.email ?? `${k}@test.local`,
      attendee_company: t.company ?? '',
      answers: JSON.stringify({}),
      created_at: at,
      cancelled_at: null,
    })
    .execute();
  return `tkt_test${k}`;
}

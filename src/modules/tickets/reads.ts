import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { DB } from '../../schema';
import { managedEvent, visibleEvent } from './access';
import { availability } from './capacity';
import { toCsv, toEntry, toOrder, toQuestion, toTicket, toType, toVoucher, yuan } from './model';
import { settingsOf, usableVoucher, voucherCovers } from './shop-rules';

/** What buyers and organizers read. */
export function createTicketReads({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function typeView(trx: Kysely<DB>, typeId: string) {
    const row = await trx
      .selectFrom('ticket_types')
      .selectAll()
      .where('id', '=', typeId)
      .executeTakeFirstOrThrow();
    return toType(row, (await availability(trx, [typeId])).get(typeId) ?? 0);
  }

  async function typesOf(eventId: string) {
    const rows = await db
      .selectFrom('ticket_types')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    const free = await availability(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toType(r, free.get(r.id) ?? 0));
  }

  const questionsOf = async (eventId: string) =>
    (
      await db
        .selectFrom('ticket_questions')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('position')
        .orderBy('created_at')
        .execute()
    ).map(toQuestion);

  /** The shop: public types (and those a valid voucher unlocks), seats left, the questions asked. */
  async function catalogue(actor: Actor | null, eventId: string, voucherCode?: string) {
    const ev = await visibleEvent(db, actor, eventId);
    const voucher = voucherCode ? await usableVoucher(db, eventId, voucherCode, actor, clock.now()) : null;
    const types = (await typesOf(eventId)).filter(
      (t) => t.visibility === 'public' || voucherCovers(voucher, t.id),
    );
    const waiting = await waitingCounts(eventId);
    return {
      eventId: ev.id,
      title: ev.title,
      types: types.map((t) => ({ ...t, waiting: waiting.get(t.id) ?? 0 })),
      questions: await questionsOf(eventId),
      settings: await settingsOf(db, eventId),
      voucher: voucher
        ? {
            code: voucher.code,
            effect: voucher.effect,
            value: voucher.value,
            typeIds: toVoucher(voucher).typeIds,
          }
        : null,
    };
  }

  async function waitingCounts(eventId: string) {
    const rows = await db
      .selectFrom('ticket_waitlist')
      .select(['type_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('event_id', '=', eventId)
      .where('status', '=', 'waiting')
      .groupBy('type_id')
      .execute();
    return new Map(rows.map((r) => [r.type_id, Number(r.n)]));
  }

  async function ordersWhere(where: { buyerId?: string; eventId?: string }, limit = 200) {
    let q = db.selectFrom('ticket_orders').selectAll().orderBy('created_at', 'desc').limit(limit);
    if (where.buyerId) q = q.where('buyer_id', '=', where.buyerId);
    if (where.eventId) q = q.where('event_id', '=', where.eventId);
    const orders = await q.execute();
    if (orders.length === 0) return [];
    const tickets = await db
      .selectFrom('tickets')
      .selectAll()
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return orders.map((o) => toOrder(o, tickets.filter((t) => t.order_id === o.id).map(toTicket)));
  }

  const myOrders = (actor: Actor) => ordersWhere({ buyerId: actor.userId });

  /** Tickets the actor bought or is the attendee of (a transferred ticket shows for its new holder). */
  async function myTickets(actor: Actor) {
    const rows = await db
      .selectFrom('tickets')
      .selectAll()
      .where((eb) => eb.or([eb('buyer_id', '=', actor.userId), eb('attendee_email', '=', actor.email)]))
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute();
    return rows.map(toTicket);
  }

  async function entries(where: { userId?: string; eventId?: string }) {
    let q = db
      .selectFrom('ticket_waitlist')
      .selectAll()
      .orderBy('priority', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1000);
    if (where.userId) q = q.where('user_id', '=', where.userId);
    if (where.eventId) q = q.where('event_id', '=', where.eventId);
    const rows = await q.execute();
    const vids = rows.map((r) => r.voucher_id).filter((v): v is string => v !== null);
    const vouchers = vids.length
      ? await db
          .selectFrom('ticket_vouchers')
          .select(['id', 'code', 'valid_until', 'status', 'used'])
          .where('id', 'in', vids)
          .execute()
      : [];
    return rows.map((r) =>
      toEntry(
        r,
        vouchers.find((v) => v.id === r.voucher_id),
      ),
    );
  }

  const myWaitlist = (actor: Actor) => entries({ userId: actor.userId });

  async function notices(actor: Actor) {
    const rows = await db
      .selectFrom('ticket_notices')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  // ---- the organizer ----

  async function setup(actor: Actor, eventId: string) {
    const ev = await managedEvent(db, actor, eventId);
    const quotas = await db
      .selectFrom('ticket_quotas')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('created_at')
      .execute();
    const links = quotas.length
      ? await db
          .selectFrom('ticket_quota_types')
          .selectAll()
          .where(
            'quota_id',
            'in',
            quotas.map((q) => q.id),
          )
          .execute()
      : [];
    return {
      eventId: ev.id,
      title: ev.title,
      types: await typesOf(eventId),
      quotas: quotas.map((q) => ({
        id: q.id,
        name: q.name,
        size: q.size,
        held: q.held,
        sold: q.sold,
        available: Math.max(0, q.size - q.held - q.sold),
        typeIds: links.filter((l) => l.quota_id === q.id).map((l) => l.type_id),
      })),
      questions: await questionsOf(eventId),
      settings: await settingsOf(db, eventId),
    };
  }

  async function vouchers(actor: Actor, eventId: string) {
    await managedEvent(db, actor, eventId);
    const rows = await db
      .selectFrom('ticket_vouchers')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('created_at')
      .orderBy('code')
      .limit(5000)
      .execute();
    return rows.map(toVoucher);
  }

  async function vouchersCsv(actor: Actor, eventId: string) {
    const list = await vouchers(actor, eventId);
    return toCsv(
      [
        'code',
        'effect',
        'value',
        'type_ids',
        'max_uses',
        'used',
        'reserved',
        'valid_from',
        'valid_until',
        'status',
      ],
      list.map((v) => [
        v.code,
        v.effect,
        v.value,
        v.typeIds.join(' '),
        v.maxUses,
        v.used,
        v.reserved,
        v.validFrom,
        v.validUntil,
        v.status,
      ]),
    );
  }

  const eventOrders = async (actor: Actor, eventId: string) => {
    await managedEvent(db, actor, eventId);
    return ordersWhere({ eventId }, 1000);
  };

  /** Attendees of the event, searched by name, email or company (case-insensitive). */
  async function attendees(actor: Actor, eventId: string, q?: string) {
    await managedEvent(db, actor, eventId);
    let query = db
      .selectFrom('tickets')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(5000);
    if (q) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('attendee_name', 'ilike', like),
          eb('attendee_email', 'ilike', like),
          eb('attendee_company', 'ilike', like),
        ]),
      );
    }
    return (await query.execute()).map(toTicket);
  }

  async function attendeesCsv(actor: Actor, eventId: string, q?: string) {
    const list = await attendees(actor, eventId, q);
    const questions = await questionsOf(eventId);
    const names = new Map((await typesOf(eventId)).map((t) => [t.id, t.name['zh-CN']]));
    return toCsv(
      [
        'ticket_id',
        'order_id',
        'type',
        'status',
        'price_yuan',
        'name',
        'email',
        'company',
        ...questions.map((x) => x.label['zh-CN']),
      ],
      list.map((t) => [
        t.id,
        t.orderId,
        names.get(t.typeId) ?? t.typeId,
        t.status,
        yuan(t.price),
        t.attendeeName,
        t.attendeeEmail,
        t.attendeeCompany,
        ...questions.map((x) => t.answers[x.id] ?? ''),
      ]),
    );
  }

  /** Per type: who waits, open offers, and what raising its quotas by the waiting count would earn. */
  async function waitlistOverview(actor: Actor, eventId: string) {
    await managedEvent(db, actor, eventId);
    const types = await typesOf(eventId);
    const list = await entries({ eventId });
    const summary = types.map((t) => {
      const mine = list.filter((e) => e.typeId === t.id);
      const waiting = mine.filter((e) => e.status === 'waiting').length;
      return {
        typeId: t.id,
        name: t.name,
        available: t.available,
        waiting,
        offered: mine.filter((e) => e.status === 'offered').length,
        redeemed: mine.filter((e) => e.status === 'redeemed').length,
        expired: mine.filter((e) => e.status === 'expired').length,
        potentialRevenue: waiting * t.price,
      };
    });
    return { types: summary, entries: list };
  }

  return {
    typeView,
    catalogue,
    myOrders,
    myTickets,
    myWaitlist,
    notices,
    setup,
    vouchers,
    vouchersCsv,
    eventOrders,
    attendees,
    attendeesCsv,
    waitlistOverview,
  };
}

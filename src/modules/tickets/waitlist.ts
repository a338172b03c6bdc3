import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { isAppError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { visibleEvent } from './access';
import { voucherCode } from './admin';
import { addMoves, availability, giveBack, type Moves, quotaIdsOf, take } from './capacity';
import { alreadyWaiting, notSoldOut } from './errors';
import { settingsOf } from './shop-rules';

export interface WaitlistDeps {
  db: Kysely<DB>;
  clock: Clock;
  mail: MailSender;
  logger?: Logger;
  notify: (trx: Kysely<DB>, userId: string, kind: string, payload: Record<string, unknown>) => Promise<void>;
}

/**
 * The waiting list. An offer is a one-use reserving voucher for one account: making it moves one
 * seat into the type's quotas' `held` by the same conditional write a hold uses, so there are
 * never more open offers than free seats, whatever runs at once. Next in line: highest priority,
 * then earliest; dispatchers of a type take turns (an advisory lock), so none skips the line.
 */
export function createWaitlist(deps: WaitlistDeps) {
  const { db, clock } = deps;

  async function join(actor: Actor, typeId: string, email?: string) {
    const t = await db
      .selectFrom('ticket_types')
      .select(['id', 'event_id'])
      .where('id', '=', typeId)
      .executeTakeFirst();
    if (!t) throw notFound('Ticket type', typeId);
    await visibleEvent(db, actor, t.event_id);
    if (((await availability(db, [typeId])).get(typeId) ?? 0) > 0) throw notSoldOut(typeId);
    const now = clock.now();
    const row = await db
      .insertInto('ticket_waitlist')
      .values({
        id: newId('twl', now.getTime()),
        event_id: t.event_id,
        type_id: typeId,
        user_id: actor.userId,
        email: email ?? actor.email,
        voucher_id: null,
        created_at: now,
        offered_at: null,
      })
      .onConflict((oc) => oc.columns(['type_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw alreadyWaiting(typeId);
    return row.id;
  }

  /** One offer for the next in line of `typeId`, if a seat is free: true when one was made. */
  async function offerNext(typeId: string, offerHours: number): Promise<boolean> {
    const quotas = (await quotaIdsOf(db, [typeId])).get(typeId) ?? [];
    if (quotas.length === 0) return false;
    try {
      return await db.transaction().execute(async (trx) => {
        // One dispatcher per type at a time, so the line's order holds even when they race.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`tickets-waitlist:${typeId}`}))`.execute(trx);
        const entry = await trx
          .selectFrom('ticket_waitlist')
          .selectAll()
          .where('type_id', '=', typeId)
          .where('status', '=', 'waiting')
          .orderBy('priority', 'desc')
          .orderBy('created_at')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (!entry) return false;
        const moves: Moves = {};
        addMoves(moves, quotas, 1);
        await take(trx, moves); // SOLD_OUT rolls the transaction back: no seat, no offer
        const now = clock.now();
        const expiresAt = new Date(now.getTime() + offerHours * 3_600_000);
        const voucherId = newId('tvc', now.getTime());
        const code = voucherCode('WL');
        await trx
          .insertInto('ticket_vouchers')
          .values({
            id: voucherId,
            event_id: entry.event_id,
            code,
            effect: 'reserve',
            value: 0,
            type_ids: JSON.stringify([typeId]),
            max_uses: 1,
            reserved: 1,
            valid_from: now,
            valid_until: expiresAt,
            owner_user_id: entry.user_id,
            waitlist_entry_id: entry.id,
            created_at: now,
          })
          .execute();
        await trx
          .updateTable('ticket_waitlist')
          .set({ status: 'offered', voucher_id: voucherId, offered_at: now })
          .where('id', '=', entry.id)
          .execute();
        const payload = {
          eventId: entry.event_id,
          typeId,
          voucherCode: code,
          expiresAt: expiresAt.toISOString(),
        };
        await deps.notify(trx, entry.user_id, 'ticket.waitlist_offer', payload);
        await deps.mail.send(
          trx,
          {
            to: entry.email,
            kind: 'ticket.waitlist_offer',
            subject: '候补名额已为您保留 / A ticket is waiting for you',
            text: `您候补的门票有名额了。请在 ${expiresAt.toISOString()} 前使用兑换码 ${code} 购票。\nA seat you waited for is yours until ${expiresAt.toISOString()}: buy it with the code ${code}.`,
          },
          now,
        );
        return true;
      });
    } catch (e) {
      if (isAppError(e) && e.code === 'SOLD_OUT') return false;
      throw e;
    }
  }

  /** Offers every free seat of the event's waited-for types, in line order. */
  async function dispatch(eventId: string): Promise<void> {
    const waited = await db
      .selectFrom('ticket_waitlist')
      .select('type_id')
      .distinct()
      .where('event_id', '=', eventId)
      .where('status', '=', 'waiting')
      .execute();
    if (waited.length === 0) return;
    const { offerHours } = await settingsOf(db, eventId);
    for (const { type_id } of waited) {
      for (let n = 0; n < 1000 && (await offerNext(type_id, offerHours)); n++);
    }
  }

  /** An unused offer past its time: its seat goes back, the entry expires, the next one is asked. */
  async function expireOffers(now: Date, limit = 200): Promise<Set<string>> {
    const due = await db
      .selectFrom('ticket_vouchers')
      .select(['id', 'event_id', 'type_ids', 'reserved', 'waitlist_entry_id'])
      .where('waitlist_entry_id', 'is not', null)
      .where('status', '=', 'active')
      .where('valid_until', '<=', now)
      .limit(limit)
      .execute();
    const events = new Set<string>();
    for (const v of due) {
      await db.transaction().execute(async (trx) => {
        // Read under the row lock: a hold cannot take the kept seat while it expires.
        const locked = await trx
          .selectFrom('ticket_vouchers')
          .select(['status', 'reserved'])
          .where('id', '=', v.id)
          .forUpdate()
          .executeTakeFirst();
        if (locked?.status !== 'active') return;
        await trx
          .updateTable('ticket_vouchers')
          .set({ status: 'expired', reserved: 0 })
          .where('id', '=', v.id)
          .execute();
        const typeId = (typeof v.type_ids === 'string' ? JSON.parse(v.type_ids) : v.type_ids)[0] as string;
        if (locked.reserved > 0) {
          const back: Moves = {};
          addMoves(back, (await quotaIdsOf(trx, [typeId])).get(typeId) ?? [], locked.reserved);
          await giveBack(trx, back);
        }
        await trx
          .updateTable('ticket_waitlist')
          .set({ status: 'expired' })
          .where('id', '=', v.waitlist_entry_id!)
          .where('status', '=', 'offered')
          .execute();
        events.add(v.event_id);
      });
    }
    return events;
  }

  return { join, dispatch, expireOffers };
}

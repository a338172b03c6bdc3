import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { AppError, forbidden, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { createKeyring, signClaims } from './keys';
import type { CheckinEvent, CheckinList, HeldTicket, TicketSource } from './model';
import { TICKET_EVENT_KINDS } from './model';
import type { ListDraft, ListPatch } from './schemas';
import type { CheckinListsTable } from './tables';

export interface CheckinDeps {
  db: Kysely<DB>;
  clock: Clock;
  tickets: TicketSource;
  /** The event (campaign) whatever its status; null when there is none. */
  eventOf: (eventId: string) => Promise<CheckinEvent | null>;
  findUserByEmail: (email: string) => Promise<{ id: string } | null>;
}

type ListRow = Selectable<CheckinListsTable>;

export const toList = (r: ListRow): CheckinList => ({
  id: r.id,
  eventId: r.event_id,
  name: r.name,
  kind: r.kind,
  typeIds: r.type_ids,
  validDays: r.valid_days,
  allowReentry: r.allow_reentry,
  version: r.version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export const notStaff = () =>
  new AppError('NOT_CHECKIN_STAFF', 'You are not check-in staff of this event', 403);

/** Lists, staff and codes; scanning is in scans.ts, on the same deps and access rules. */
export function createCheckinAccess(deps: CheckinDeps) {
  const { db, clock } = deps;
  const keyring = createKeyring(db);

  /** The event, for its organizer or an operator; anyone else gets 404, as if it were absent. */
  async function managedEvent(actor: Actor, eventId: string): Promise<CheckinEvent> {
    const event = await deps.eventOf(eventId);
    if (!event || !(actor.role === 'operator' || event.ownerId === actor.userId))
      throw notFound('Event', eventId);
    return event;
  }

  async function isStaff(actor: Actor, event: CheckinEvent): Promise<boolean> {
    if (actor.role === 'operator' || event.ownerId === actor.userId) return true;
    const row = await db
      .selectFrom('checkin_staff')
      .select('user_id')
      .where('event_id', '=', event.id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return !!row;
  }

  async function findList(listId: string) {
    return db.selectFrom('checkin_lists').selectAll().where('id', '=', listId).executeTakeFirst();
  }

  /** A list its staff may scan on: 404 when absent, 403 NOT_CHECKIN_STAFF for anyone else. */
  async function staffList(actor: Actor, listId: string) {
    const row = await findList(listId);
    const event = row ? await deps.eventOf(row.event_id) : null;
    if (!row || !event) throw notFound('Check-in list', listId);
    if (!(await isStaff(actor, event))) throw notStaff();
    return { row, list: toList(row), event };
  }

  async function managedList(actor: Actor, listId: string) {
    const row = await findList(listId);
    if (!row) throw notFound('Check-in list', listId);
    await managedEvent(actor, row.event_id).catch(() => {
      throw notFound('Check-in list', listId);
    });
    return row;
  }

  function checkTicketEvent(event: CheckinEvent) {
    if (!TICKET_EVENT_KINDS.includes(event.kind))
      throw unprocessable('NOT_A_TICKETED_EVENT', 'Only conferences and summits sell tickets', {
        field: 'eventId',
      });
  }

  async function codeOf(t: HeldTicket) {
    const key = await keyring.keyOf(t.eventId);
    const payload = signClaims(key, {
      eventId: t.eventId,
      ticketId: t.ticketId,
      typeId: t.typeId,
      issuedAt: Math.floor(new Date(t.issuedAt).getTime() / 1000),
    });
    return { ticketId: t.ticketId, eventId: t.eventId, status: t.status, payload };
  }

  return {
    keyring,
    managedEvent,
    isStaff,
    staffList,

    async publicKey(eventId: string) {
      const event = await deps.eventOf(eventId);
      if (!event || !TICKET_EVENT_KINDS.includes(event.kind)) throw notFound('Event', eventId);
      const key = await keyring.keyOf(eventId);
      return {
        eventId,
        algorithm: 'Ed25519' as const,
        format: 'raw-base64url' as const,
        publicKey: key.publicKeyRaw,
      };
    },

    /** The signed code of a ticket, for its buyer or its attendee. */
    async ticketCode(actor: Actor, ticketId: string) {
      const t = await deps.tickets.getTicket(ticketId);
      const mine =
        t &&
        (t.buyerId === actor.userId ||
          t.attendeeUserId === actor.userId ||
          (t.attendeeEmail !== null && t.attendeeEmail.toLowerCase() === actor.email.toLowerCase()));
      if (!t || !mine) throw notFound('Ticket', ticketId);
      return codeOf(t);
    },

    /** 我的门票: every ticket the person bought or attends, with its event and signed code. */
    async myTicketCodes(actor: Actor) {
      const held = await deps.tickets.ticketsOfHolder(actor.userId, actor.email);
      const events = new Map<string, Promise<CheckinEvent | null>>();
      const out = [];
      for (const t of held) {
        if (!events.has(t.eventId)) events.set(t.eventId, deps.eventOf(t.eventId));
        const event = await events.get(t.eventId)!;
        if (!event) continue;
        out.push({
          ...(await codeOf(t)),
          typeName: t.typeName,
          attendeeName: t.attendeeName,
          event: {
            id: event.id,
            slug: event.slug,
            title: event.title,
            startsAt: event.startsAt,
            timezone: event.timezone,
          },
        });
      }
      return out;
    },

    async lists(actor: Actor, eventId: string) {
      await managedEvent(actor, eventId);
      const rows = await db
        .selectFrom('checkin_lists')
        .selectAll()
        .where('event_id', '=', eventId)
        .orderBy('created_at')
        .execute();
      return rows.map(toList);
    },

    /** Lists the actor may scan on (organizer, added staff, operators: every event's). */
    async myLists(actor: Actor) {
      let q = db
        .selectFrom('checkin_lists')
        .selectAll('checkin_lists')
        .orderBy('checkin_lists.created_at', 'desc');
      if (actor.role !== 'operator') {
        const staffed = await db
          .selectFrom('checkin_staff')
          .select('event_id')
          .where('user_id', '=', actor.userId)
          .execute();
        const rows = await q.limit(500).execute();
        const lists: CheckinList[] = [];
        const ids = new Set(staffed.map((s) => s.event_id));
        for (const r of rows) {
          if (ids.has(r.event_id)) lists.push(toList(r));
          else if ((await deps.eventOf(r.event_id))?.ownerId === actor.userId) lists.push(toList(r));
        }
        return lists;
      }
      q = q.limit(500);
      return (await q.execute()).map(toList);
    },

    async list(actor: Actor, listId: string) {
      return (await staffList(actor, listId)).list;
    },

    async createList(actor: Actor, eventId: string, draft: ListDraft) {
      const event = await managedEvent(actor, eventId);
      checkTicketEvent(event);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('checkin_lists')
          .values({
            id: newId('ckl', now.getTime()),
            event_id: eventId,
            name: draft.name,
            kind: draft.kind,
            type_ids: JSON.stringify(draft.typeIds),
            valid_days: JSON.stringify(draft.validDays),
            allow_reentry: draft.allowReentry,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, {
          actor,
          action: 'checkin.list.create',
          entityType: 'checkin_list',
          entityId: row.id,
          after: toList(row),
        });
        return toList(row);
      });
    },

    async updateList(actor: Actor, listId: string, patch: ListPatch) {
      const before = await managedList(actor, listId);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('checkin_lists')
          .set((eb) => ({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
            ...(patch.typeIds !== undefined ? { type_ids: JSON.stringify(patch.typeIds) } : {}),
            ...(patch.validDays !== undefined ? { valid_days: JSON.stringify(patch.validDays) } : {}),
            ...(patch.allowReentry !== undefined ? { allow_reentry: patch.allowReentry } : {}),
            updated_at: clock.now(),
            version: eb('version', '+', 1),
          }))
          .where('id', '=', listId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, {
          actor,
          action: 'checkin.list.update',
          entityType: 'checkin_list',
          entityId: listId,
          before: toList(before),
          after: toList(row),
        });
        return toList(row);
      });
    },

    async removeList(actor: Actor, listId: string, reason: string | null) {
      const before = await managedList(actor, listId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('checkin_lists').where('id', '=', listId).execute();
        await recordAudit(trx, clock, {
          actor,
          action: 'checkin.list.delete',
          entityType: 'checkin_list',
          entityId: listId,
          before: toList(before),
          reason,
        });
      });
    },

    async staff(actor: Actor, eventId: string) {
      await managedEvent(actor, eventId);
      const rows = await db
        .selectFrom('checkin_staff')
        .innerJoin('users', 'users.id', 'checkin_staff.user_id')
        .select(['checkin_staff.user_id', 'users.email', 'users.display_name', 'checkin_staff.created_at'])
        .where('checkin_staff.event_id', '=', eventId)
        .orderBy('checkin_staff.created_at')
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        email: r.email,
        displayName: r.display_name,
        addedAt: new Date(r.created_at).toISOString(),
      }));
    },

    async addStaff(actor: Actor, eventId: string, email: string) {
      await managedEvent(actor, eventId);
      const user = await deps.findUserByEmail(email);
      if (!user) throw unprocessable('USER_NOT_FOUND', 'No account has this e-mail', { field: 'email' });
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('checkin_staff')
          .values({ event_id: eventId, user_id: user.id, added_by: actor.userId, created_at: clock.now() })
          .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
          .execute();
        await recordAudit(trx, clock, {
          actor,
          action: 'checkin.staff.add',
          entityType: 'campaign',
          entityId: eventId,
          after: { userId: user.id },
        });
      });
      return { userId: user.id };
    },

    async removeStaff(actor: Actor, eventId: string, userId: string) {
      await managedEvent(actor, eventId);
      await db.transaction().execute(async (trx) => {
        const r = await trx
          .deleteFrom('checkin_staff')
          .where('event_id', '=', eventId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) throw notFound('Check-in staff member', userId);
        await recordAudit(trx, clock, {
          actor,
          action: 'checkin.staff.remove',
          entityType: 'campaign',
          entityId: eventId,
          before: { userId },
        });
      });
    },
  };
}
export type CheckinAccess = ReturnType<typeof createCheckinAccess>;
export { forbidden };

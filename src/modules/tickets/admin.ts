import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { conflict, isAppError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { managedEvent } from './access';
import { addMoves, quotaIdsOf, take } from './capacity';
import { invalidSetup } from './errors';
import { toQuestion, toVoucher } from './model';
import type { QuestionDraft, QuotaDraft, TicketTypeDraft, VoucherDraft } from './schemas';

export interface AdminDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Capacity may have freed (a raised quota): offer it to the waiting list. */
  dispatch: (eventId: string) => Promise<void>;
  typeView: (db: Kysely<DB>, typeId: string) => Promise<import('./model').TicketType>;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function voucherCode(prefix = '', length = 10): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${prefix}${s}`;
}

/** The organizer's setup: ticket types, quotas, questions, settings and vouchers (all audited). */
export function createTicketsAdmin(deps: AdminDeps) {
  const { db, clock } = deps;

  async function typesOfEvent(trx: Kysely<DB>, eventId: string, ids: string[], field: string) {
    if (ids.length === 0) return;
    const found = await trx
      .selectFrom('ticket_types')
      .select('id')
      .where('event_id', '=', eventId)
      .where('id', 'in', ids)
      .execute();
    const known = new Set(found.map((r) => r.id));
    const i = ids.findIndex((t) => !known.has(t));
    if (i >= 0) throw invalidSetup(`${field}.${i}`, 'not a ticket type of this event');
  }

  const typeRow = (d: TicketTypeDraft) => ({
    name: JSON.stringify(d.name),
    description: JSON.stringify(d.description ?? { 'zh-CN': '', 'en-US': '' }),
    price: d.price,
    sale_starts_at: d.saleStartsAt ? new Date(d.saleStartsAt) : null,
    sale_ends_at: d.saleEndsAt ? new Date(d.saleEndsAt) : null,
    max_per_order: d.maxPerOrder,
    max_per_account: d.maxPerAccount ?? null,
    visibility: d.visibility,
    audience: d.audience,
    audience_roles: JSON.stringify(d.audienceRoles),
    addon_of: JSON.stringify(d.addonOf),
    position: d.position,
  });

  async function createType(actor: Actor, eventId: string, draft: TicketTypeDraft) {
    await managedEvent(db, actor, eventId);
    const now = clock.now();
    const id = newId('ttp', now.getTime());
    return db.transaction().execute(async (trx) => {
      await typesOfEvent(trx, eventId, draft.addonOf, 'addonOf');
      await trx
        .insertInto('ticket_types')
        .values({ id, event_id: eventId, created_at: now, ...typeRow(draft) })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.type_create',
        entityType: 'ticket_type',
        entityId: id,
        after: draft,
      });
      return deps.typeView(trx, id);
    });
  }

  async function updateType(actor: Actor, typeId: string, draft: TicketTypeDraft) {
    const row = await db
      .selectFrom('ticket_types')
      .select('event_id')
      .where('id', '=', typeId)
      .executeTakeFirst();
    if (!row) throw notFound('Ticket type', typeId);
    await managedEvent(db, actor, row.event_id);
    if (draft.addonOf.includes(typeId)) throw invalidSetup('addonOf', 'a type is not an add-on of itself');
    return db.transaction().execute(async (trx) => {
      await typesOfEvent(trx, row.event_id, draft.addonOf, 'addonOf');
      await trx.updateTable('ticket_types').set(typeRow(draft)).where('id', '=', typeId).execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.type_update',
        entityType: 'ticket_type',
        entityId: typeId,
        after: draft,
      });
      return deps.typeView(trx, typeId);
    });
  }

  async function createQuota(actor: Actor, eventId: string, draft: QuotaDraft) {
    await managedEvent(db, actor, eventId);
    const now = clock.now();
    const id = newId('tqu', now.getTime());
    await db.transaction().execute(async (trx) => {
      await typesOfEvent(trx, eventId, draft.typeIds, 'typeIds');
      await trx
        .insertInto('ticket_quotas')
        .values({ id, event_id: eventId, name: draft.name, size: draft.size, created_at: now })
        .execute();
      await trx
        .insertInto('ticket_quota_types')
        .values([...new Set(draft.typeIds)].map((t) => ({ quota_id: id, type_id: t })))
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.quota_create',
        entityType: 'ticket_quota',
        entityId: id,
        after: draft,
      });
    });
    await deps.dispatch(eventId);
    return id;
  }

  /**
   * Resizes a quota (never below what it holds and sold: one conditional UPDATE) and replaces the
   * types it caps. A type that leaves a quota keeps its sold seats counted there (they were sold
   * under it); only new sales follow the new mapping.
   */
  async function updateQuota(actor: Actor, quotaId: string, draft: QuotaDraft) {
    const row = await db
      .selectFrom('ticket_quotas')
      .select('event_id')
      .where('id', '=', quotaId)
      .executeTakeFirst();
    if (!row) throw notFound('Quota', quotaId);
    await managedEvent(db, actor, row.event_id);
    await db.transaction().execute(async (trx) => {
      await typesOfEvent(trx, row.event_id, draft.typeIds, 'typeIds');
      const resized = await trx
        .updateTable('ticket_quotas')
        .set({ name: draft.name, size: draft.size })
        .where('id', '=', quotaId)
        .where(sql<boolean>`held + sold <= ${draft.size}`)
        .returning('id')
        .executeTakeFirst();
      if (!resized) throw invalidSetup('size', 'below the seats this quota has sold or holds');
      await trx.deleteFrom('ticket_quota_types').where('quota_id', '=', quotaId).execute();
      await trx
        .insertInto('ticket_quota_types')
        .values([...new Set(draft.typeIds)].map((t) => ({ quota_id: quotaId, type_id: t })))
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.quota_update',
        entityType: 'ticket_quota',
        entityId: quotaId,
        after: draft,
      });
    });
    await deps.dispatch(row.event_id);
  }

  async function createQuestion(actor: Actor, eventId: string, draft: QuestionDraft) {
    await managedEvent(db, actor, eventId);
    const now = clock.now();
    const id = newId('tqs', now.getTime());
    return db.transaction().execute(async (trx) => {
      await typesOfEvent(trx, eventId, draft.typeIds, 'typeIds');
      const row = await trx
        .insertInto('ticket_questions')
        .values({
          id,
          event_id: eventId,
          kind: draft.kind,
          label: JSON.stringify(draft.label),
          options: JSON.stringify(draft.options),
          type_ids: JSON.stringify(draft.typeIds),
          required: draft.required,
          position: draft.position,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.question_create',
        entityType: 'ticket_question',
        entityId: id,
        after: draft,
      });
      return toQuestion(row);
    });
  }

  async function setSettings(actor: Actor, eventId: string, s: { holdMinutes: number; offerHours: number }) {
    await managedEvent(db, actor, eventId);
    await db
      .insertInto('ticket_event_settings')
      .values({ event_id: eventId, hold_minutes: s.holdMinutes, offer_hours: s.offerHours })
      .onConflict((oc) =>
        oc.column('event_id').doUpdateSet({ hold_minutes: s.holdMinutes, offer_hours: s.offerHours }),
      )
      .execute();
    await recordAudit(db, clock, {
      actor,
      action: 'tickets.settings',
      entityType: 'campaign',
      entityId: eventId,
      after: s,
    });
    return s;
  }

  /**
   * One voucher or `count` generated ones. A reserving voucher keeps its seats now: they move
   * into its type's quotas' `held` by the same conditional write a buyer's hold uses (409
   * SOLD_OUT when they are not free), and come back when it expires unused.
   */
  async function createVouchers(actor: Actor, eventId: string, draft: VoucherDraft) {
    await managedEvent(db, actor, eventId);
    const now = clock.now();
    const codes = draft.code
      ? [draft.code]
      : Array.from({ length: draft.count }, () => voucherCode(draft.prefix));
    return db.transaction().execute(async (trx) => {
      await typesOfEvent(trx, eventId, draft.typeIds, 'typeIds');
      if (draft.effect === 'reserve') {
        const quotas = (await quotaIdsOf(trx, draft.typeIds)).get(draft.typeIds[0]!) ?? [];
        if (quotas.length === 0) throw invalidSetup('typeIds.0', 'this type has no quota to reserve in');
        const moves = {};
        addMoves(moves, quotas, draft.value * codes.length);
        await take(trx, moves);
      }
      const rows = [];
      for (const code of codes) {
        const id = newId('tvc', now.getTime());
        try {
          rows.push(
            await trx
              .insertInto('ticket_vouchers')
              .values({
                id,
                event_id: eventId,
                code,
                effect: draft.effect,
                value: draft.effect === 'reserve' ? 0 : draft.value,
                type_ids: JSON.stringify(draft.typeIds),
                max_uses: draft.effect === 'reserve' ? Math.max(draft.maxUses, 1) : draft.maxUses,
                reserved: draft.effect === 'reserve' ? draft.value : 0,
                valid_from: draft.validFrom ? new Date(draft.validFrom) : null,
                valid_until: draft.validUntil ? new Date(draft.validUntil) : null,
                owner_user_id: null,
                waitlist_entry_id: null,
                created_at: now,
              })
              .returningAll()
              .executeTakeFirstOrThrow(),
          );
        } catch (e) {
          if (!isAppError(e) && /unique|duplicate/i.test(String((e as Error).message)))
            throw conflict('VOUCHER_CODE_TAKEN', 'This event has a voucher with this code', {
              field: 'code',
            });
          throw e;
        }
      }
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.vouchers_create',
        entityType: 'campaign',
        entityId: eventId,
        after: { ...draft, codes: codes.length },
      });
      return rows.map(toVoucher);
    });
  }

  async function setPriority(actor: Actor, entryId: string, priority: number) {
    const row = await db
      .selectFrom('ticket_waitlist')
      .select('event_id')
      .where('id', '=', entryId)
      .executeTakeFirst();
    if (!row) throw notFound('Waiting-list entry', entryId);
    await managedEvent(db, actor, row.event_id);
    await db.updateTable('ticket_waitlist').set({ priority }).where('id', '=', entryId).execute();
    await recordAudit(db, clock, {
      actor,
      action: 'tickets.waitlist_priority',
      entityType: 'ticket_waitlist',
      entityId: entryId,
      after: { priority },
    });
  }

  return {
    createType,
    updateType,
    createQuota,
    updateQuota,
    createQuestion,
    setSettings,
    createVouchers,
    setPriority,
  };
}

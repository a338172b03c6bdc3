import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { managedEvent } from './access';
import { addMoves, giveBack, type Moves, quotaIdsOf } from './capacity';
import { invalidSetup, questionAnswered, voucherNotActive } from './errors';
import { toQuestion, toVoucher } from './model';
import type { QuestionDraft } from './schemas';
import { jsonOf } from './shop-rules';

export interface AdminEditDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** A revoked reservation's seats went back to the pool: offer them to the waiting list. */
  dispatch: (eventId: string) => Promise<void>;
}

/**
 * Changing what the organizer created (docs/tickets.md, "Changing questions and vouchers"): a
 * question's edits and removal, a voucher's revocation. The attendees' answers are records (the
 * attendee list and its CSV show them), so nothing here loses or reinterprets one.
 */
export function createTicketsAdminEdits(deps: AdminEditDeps) {
  const { db, clock } = deps;

  async function questionOf(questionId: string) {
    const q = await db
      .selectFrom('ticket_questions')
      .selectAll()
      .where('id', '=', questionId)
      .executeTakeFirst();
    if (!q) throw notFound('Question', questionId);
    return q;
  }

  /** Tickets of the event (any status: a cancelled ticket's answers stay on record) answering it. */
  async function answersTo(trx: Kysely<DB>, eventId: string, questionId: string): Promise<number> {
    const row = await trx
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', eventId)
      .where(sql<boolean>`answers ->> ${questionId} is not null`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function typesOfEvent(trx: Kysely<DB>, eventId: string, ids: string[]) {
    if (ids.length === 0) return;
    const found = await trx
      .selectFrom('ticket_types')
      .select('id')
      .where('event_id', '=', eventId)
      .where('id', 'in', ids)
      .execute();
    const known = new Set(found.map((r) => r.id));
    const i = ids.findIndex((t) => !known.has(t));
    if (i >= 0) throw invalidSetup(`typeIds.${i}`, 'not a ticket type of this event');
  }

  /**
   * Replaces a question's draft. Once attendees answered it, the label, required flag, types,
   * position and new options may change; the kind may not (an invoice title read as a dietary
   * wish would misread every answer) and no option may go (answers naming it would point at
   * nothing): 409 QUESTION_ANSWERED naming the field. The question row is locked so a checkout
   * answering it meanwhile is counted.
   */
  async function updateQuestion(actor: Actor, questionId: string, draft: QuestionDraft) {
    const before = await questionOf(questionId);
    await managedEvent(db, actor, before.event_id);
    return db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('ticket_questions')
        .select('id')
        .where('id', '=', questionId)
        .forUpdate()
        .execute();
      await typesOfEvent(trx, before.event_id, draft.typeIds);
      const oldOptions = jsonOf<string[]>(before.options);
      const kindChanges = draft.kind !== before.kind;
      const dropped = before.kind === 'choice' && oldOptions.some((o) => !draft.options.includes(o));
      if (kindChanges || dropped) {
        const answered = await answersTo(trx, before.event_id, questionId);
        if (answered > 0) throw questionAnswered(kindChanges ? 'kind' : 'options', answered);
      }
      const row = await trx
        .updateTable('ticket_questions')
        .set({
          kind: draft.kind,
          label: JSON.stringify(draft.label),
          options: JSON.stringify(draft.options),
          type_ids: JSON.stringify(draft.typeIds),
          required: draft.required,
          position: draft.position,
        })
        .where('id', '=', questionId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.question_update',
        entityType: 'ticket_question',
        entityId: questionId,
        before: toQuestion(before),
        after: draft,
      });
      return toQuestion(row);
    });
  }

  /**
   * Removes a question nobody answered yet. An answered one is refused (409 QUESTION_ANSWERED):
   * its answers stay with the attendees; making it optional stops requiring it.
   */
  async function deleteQuestion(actor: Actor, questionId: string) {
    const before = await questionOf(questionId);
    await managedEvent(db, actor, before.event_id);
    await db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('ticket_questions')
        .select('id')
        .where('id', '=', questionId)
        .forUpdate()
        .execute();
      const answered = await answersTo(trx, before.event_id, questionId);
      if (answered > 0) throw questionAnswered(null, answered);
      await trx.deleteFrom('ticket_questions').where('id', '=', questionId).execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.question_delete',
        entityType: 'ticket_question',
        entityId: questionId,
        before: toQuestion(before),
      });
    });
  }

  /**
   * Revokes a voucher: no new hold may use it (422 INVALID_VOUCHER, reason `revoked`). Holds made
   * with it before keep their seats and price until they are checked out or expire (the buyer was
   * promised them for the hold's minutes). Seats a reservation still keeps go back to the pool
   * (and so to the waiting list); a waiting-list offer's entry expires as if the offer ran out.
   * Revoking a revoked voucher answers it again; an expired offer is 409 VOUCHER_NOT_ACTIVE.
   */
  async function revokeVoucher(actor: Actor, voucherId: string, reason: string) {
    const v = await db
      .selectFrom('ticket_vouchers')
      .selectAll()
      .where('id', '=', voucherId)
      .executeTakeFirst();
    if (!v) throw notFound('Voucher', voucherId);
    await managedEvent(db, actor, v.event_id);
    const { row, freed } = await db.transaction().execute(async (trx) => {
      // Under the row lock a hold cannot take a kept seat while it goes back.
      const locked = await trx
        .selectFrom('ticket_vouchers')
        .selectAll()
        .where('id', '=', voucherId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.status === 'revoked') return { row: locked, freed: false };
      if (locked.status !== 'active') throw voucherNotActive(voucherId, locked.status);
      const row = await trx
        .updateTable('ticket_vouchers')
        .set({ status: 'revoked', reserved: 0 })
        .where('id', '=', voucherId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (locked.reserved > 0) {
        const typeId = jsonOf<string[]>(locked.type_ids)[0]!;
        const back: Moves = {};
        addMoves(back, (await quotaIdsOf(trx, [typeId])).get(typeId) ?? [], locked.reserved);
        await giveBack(trx, back);
      }
      if (locked.waitlist_entry_id)
        await trx
          .updateTable('ticket_waitlist')
          .set({ status: 'expired' })
          .where('id', '=', locked.waitlist_entry_id)
          .where('status', '=', 'offered')
          .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.voucher_revoke',
        entityType: 'ticket_voucher',
        entityId: voucherId,
        before: toVoucher(locked),
        reason: reason || null,
      });
      return { row, freed: locked.reserved > 0 };
    });
    if (freed) await deps.dispatch(row.event_id);
    return toVoucher(row);
  }

  return { updateQuestion, deleteQuestion, revokeVoucher };
}

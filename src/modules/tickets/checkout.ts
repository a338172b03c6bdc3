import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../platform/auth';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { credit, debit, organizerPayable, platformClearing } from '../ledger';
import { type EventInfo, visibleEvent } from './access';
import { addMoves, commitSold, type Moves } from './capacity';
import { attendeesMismatch, holdNotActive, paymentFailed } from './errors';
import { itemsOf } from './model';
import { validateAttendees } from './questions';
import type { AttendeeInput } from './schemas';
import type { ShopDeps } from './shop';
import { jsonOf } from './shop-rules';
import type { TicketHoldsTable } from './tables';

export const TICKET_PAYMENT = 'ticket.payment';
export const TICKET_REFUND = 'ticket.refund';

type OwnHold = (actor: Actor, holdId: string) => Promise<Selectable<TicketHoldsTable>>;

/** Checkout: a live hold becomes a paid order with its tickets, in one transaction. */
export function createCheckout(deps: ShopDeps, ownHold: OwnHold) {
  const { db, clock } = deps;

  /**
   * Turns a live hold into a paid order: answers validated first; then one transaction moves the
   * hold to checked_out (only if still active and unexpired), its seats from held to sold, charges
   * the wallet (free orders skip it) and credits the organizer's payable, and writes the tickets.
   */
  async function checkout(actor: Actor, holdId: string, attendees: AttendeeInput[]) {
    const h = await ownHold(actor, holdId);
    const now = clock.now();
    if (h.status !== 'active' || new Date(h.expires_at) <= now)
      throw holdNotActive(h.id, h.status === 'active' ? 'expired' : h.status);
    const items = itemsOf(h);
    const units = items.flatMap((i) => Array.from({ length: i.quantity }, () => i));
    if (attendees.length !== units.length) throw attendeesMismatch(units.length);
    const ev = await visibleEvent(db, actor, h.event_id);
    const questions = await db
      .selectFrom('ticket_questions')
      .selectAll()
      .where('event_id', '=', h.event_id)
      .execute();
    const answers = validateAttendees(
      questions,
      units.map((u) => u.typeId),
      attendees,
    );
    const total = units.reduce((s, u) => s + u.unitPrice - u.discount, 0);
    const discount = units.reduce((s, u) => s + u.discount, 0);
    const orderId = newId('tor', now.getTime());
    const orderId2 = await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('ticket_holds')
        .set({ status: 'checked_out' })
        .where('id', '=', h.id)
        .where('status', '=', 'active')
        .where('expires_at', '>', now)
        .returning('id')
        .executeTakeFirst();
      if (!moved) throw holdNotActive(h.id, 'used');
      const full: Moves = {};
      for (const i of items) addMoves(full, i.quotaIds, i.quantity);
      await trx
        .insertInto('ticket_orders')
        .values({
          id: orderId,
          event_id: h.event_id,
          hold_id: h.id,
          buyer_id: actor.userId,
          buyer_name: actor.displayName,
          buyer_email: actor.email,
          status: 'paid',
          total,
          discount,
          quota_moves: JSON.stringify(full),
          charge_ref: null,
          expires_at: null,
          paid_at: now,
          cancelled_at: null,
          created_at: now,
        })
        .execute();
      const ids: string[] = [];
      for (const [k, u] of units.entries()) {
        const parents = jsonOf<string[]>((await typeOf(trx, u.typeId)).addon_of);
        let parent: string | null = null;
        if (parents.length > 0) {
          const inOrder = units.findIndex((o) => parents.includes(o.typeId));
          parent =
            inOrder >= 0 && inOrder < k
              ? ids[inOrder]!
              : ((
                  await trx
                    .selectFrom('tickets')
                    .select('id')
                    .where('buyer_id', '=', actor.userId)
                    .where('type_id', 'in', parents)
                    .where('status', '=', 'valid')
                    .orderBy('created_at')
                    .executeTakeFirst()
                )?.id ?? null);
        }
        const a = attendees[k]!;
        const id = newId('tkt', now.getTime());
        ids.push(id);
        await trx
          .insertInto('tickets')
          .values({
            id,
            order_id: orderId,
            event_id: h.event_id,
            type_id: u.typeId,
            buyer_id: actor.userId,
            parent_ticket_id: parent,
            status: 'valid',
            price: u.unitPrice - u.discount,
            attendee_name: a.name,
            attendee_email: a.email,
            attendee_company: a.company,
            answers: JSON.stringify(answers[k]),
            quota_ids: JSON.stringify(u.quotaIds),
            created_at: now,
            cancelled_at: null,
          })
          .execute();
      }
      if (h.voucher_id)
        await trx
          .updateTable('ticket_waitlist')
          .set({ status: 'redeemed' })
          .where('voucher_id', '=', h.voucher_id)
          .where('status', '=', 'offered')
          .execute();
      await deps.notify(trx, actor.userId, 'ticket.order_paid', {
        orderId,
        eventId: h.event_id,
        tickets: ids.length,
        total,
      });
      await deps.mail.send(
        trx,
        {
          to: actor.email,
          kind: 'ticket.order_paid',
          subject: `【${ev.title['zh-CN']}】购票成功 / Your tickets for ${ev.title['en-US']}`,
          text: `订单 ${orderId}：${ids.length} 张门票，合计 ¥${(total / 100).toFixed(2)}。\nOrder ${orderId}: ${ids.length} ticket(s), total CNY ${(total / 100).toFixed(2)}.`,
        },
        now,
      );
      // Last, so the hot rows (the quotas, platform clearing, the organizer's payable) are locked
      // only for the end of the transaction: a rush of buyers queues on them for less.
      if (total > 0) {
        const chargeRef = await pay(trx, actor, ev, orderId, h.id, total);
        await trx
          .updateTable('ticket_orders')
          .set({ charge_ref: chargeRef })
          .where('id', '=', orderId)
          .execute();
      }
      await commitSold(trx, full);
      return orderId;
    });
    return orderId2;
  }

  const typeOf = (trx: Kysely<DB>, id: string) =>
    trx.selectFrom('ticket_types').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Wallet -> platform clearing -> the organizer's payable, in the caller's transaction. */
  async function pay(
    trx: Kysely<DB>,
    actor: Actor,
    ev: EventInfo,
    orderId: string,
    holdId: string,
    total: number,
  ) {
    const charged = await deps.ledger.wallet.charge(
      {
        amount: total,
        currency: 'CNY',
        customerId: actor.userId,
        reference: orderId,
        idempotencyKey: `ticket-hold:${holdId}`,
      },
      { trx },
    );
    if (charged.status !== 'succeeded') throw paymentFailed(charged.failureCode, charged.failureMessage);
    await deps.ledger.post(trx, {
      kind: TICKET_PAYMENT,
      reference: orderId,
      idempotencyKey: `${TICKET_PAYMENT}:${orderId}`,
      memo: ev.id,
      entries: [debit(platformClearing('CNY'), total), credit(organizerPayable(ev.ownerId, 'CNY'), total)],
    });
    return charged.providerRef;
  }
  return { checkout };
}

import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { credit, debit, type Ledger, organizerPayable, platformClearing } from '../ledger';
import { eventOf, managedEvent } from './access';
import { addMoves, type Moves, unsell } from './capacity';
import { TICKET_REFUND } from './checkout';
import { eventStarted, paymentFailed, ticketNotActive } from './errors';
import { toTicket } from './model';

export interface ChangesDeps {
  db: Kysely<DB>;
  clock: Clock;
  ledger: Pick<Ledger, 'post' | 'wallet'>;
  mail: MailSender;
  dispatch: (eventId: string) => Promise<void>;
}

const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** Cancelling (refunding) and transferring tickets. */
export function createTicketChanges(deps: ChangesDeps) {
  const { db, clock } = deps;

  /** The buyer before the event begins, or the event's organizer / an operator at any time. */
  async function ticketFor(actor: Actor, ticketId: string, asOrganizer: boolean) {
    const t = await db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
    if (!t) throw notFound('Ticket', ticketId);
    if (asOrganizer) {
      await managedEvent(db, actor, t.event_id);
      return t;
    }
    if (t.buyer_id !== actor.userId) throw notFound('Ticket', ticketId);
    const ev = await eventOf(db, t.event_id);
    if (ev.beginsAt <= clock.now()) throw eventStarted(ev.id);
    return t;
  }

  /**
   * Cancels a ticket and its add-ons, each exactly once (valid -> cancelled/refunded is the
   * guard): the seat leaves `sold` in the quotas it was sold under, a paid one is refunded to the
   * wallet through the organizer's payable; then the freed seats go to the waiting list.
   */
  async function cancel(actor: Actor, ticketId: string, asOrganizer: boolean, reason: string) {
    const t = await ticketFor(actor, ticketId, asOrganizer);
    const now = clock.now();
    const out = await db.transaction().execute(async (trx) => {
      const children = await trx
        .selectFrom('tickets')
        .select('id')
        .where('parent_ticket_id', '=', t.id)
        .where('status', '=', 'valid')
        .execute();
      const order = await trx
        .selectFrom('ticket_orders')
        .selectAll()
        .where('id', '=', t.order_id)
        .executeTakeFirstOrThrow();
      const ev = await eventOf(trx, t.event_id);
      let first = true;
      for (const id of [t.id, ...children.map((c) => c.id)]) {
        const row = await trx
          .updateTable('tickets')
          .set((eb) => ({
            status: eb
              .case()
              .when('price', '>', 0)
              .then('refunded' as const)
              .else('cancelled' as const)
              .end(),
            cancelled_at: now,
          }))
          .where('id', '=', id)
          .where('status', '=', 'valid')
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          if (first) throw ticketNotActive(t.id, t.status);
          continue;
        }
        first = false;
        const moves: Moves = {};
        addMoves(moves, jsonOf<string[]>(row.quota_ids), 1);
        await unsell(trx, moves);
        if (row.price > 0 && order.charge_ref) {
          await deps.ledger.post(trx, {
            kind: TICKET_REFUND,
            reference: row.id,
            idempotencyKey: `${TICKET_REFUND}:${row.id}`,
            memo: reason || null,
            entries: [
              debit(organizerPayable(ev.ownerId, order.currency), row.price),
              credit(platformClearing(order.currency), row.price),
            ],
          });
          const refunded = await deps.ledger.wallet.refund(
            {
              providerRef: order.charge_ref,
              amount: row.price,
              idempotencyKey: `ticket-refund:${row.id}`,
              reference: row.id,
            },
            { trx },
          );
          if (refunded.status !== 'succeeded')
            throw paymentFailed(refunded.failureCode, refunded.failureMessage);
        }
      }
      const left = await trx
        .selectFrom('tickets')
        .select('id')
        .where('order_id', '=', order.id)
        .where('status', '=', 'valid')
        .executeTakeFirst();
      if (!left)
        await trx
          .updateTable('ticket_orders')
          .set({ status: 'cancelled', cancelled_at: now })
          .where('id', '=', order.id)
          .execute();
      if (asOrganizer)
        await recordAudit(trx, clock, {
          actor,
          action: 'tickets.cancel',
          entityType: 'ticket',
          entityId: t.id,
          reason: reason || null,
        });
      await deps.mail.send(
        trx,
        {
          to: t.attendee_email,
          kind: 'ticket.cancelled',
          subject: `【${ev.title['zh-CN']}】门票已取消 / Ticket cancelled`,
          text: `门票 ${t.id} 已取消${t.price > 0 ? '，款项已退回钱包' : ''}。\nTicket ${t.id} is cancelled${t.price > 0 ? '; the money is back in the wallet' : ''}.`,
        },
        now,
      );
      return toTicket(
        await trx.selectFrom('tickets').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow(),
      );
    });
    await deps.dispatch(t.event_id);
    return out;
  }

  /** The buyer names another attendee before the event (the old one is told, the new one mailed). */
  async function transfer(
    actor: Actor,
    ticketId: string,
    to: { name: string; email: string; company: string },
  ) {
    const t = await ticketFor(actor, ticketId, false);
    if (t.status !== 'valid') throw ticketNotActive(t.id, t.status);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('tickets')
        .set({ attendee_name: to.name, attendee_email: to.email, attendee_company: to.company })
        .where('id', '=', t.id)
        .where('status', '=', 'valid')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw ticketNotActive(t.id, 'cancelled');
      await recordAudit(trx, clock, {
        actor,
        action: 'tickets.transfer',
        entityType: 'ticket',
        entityId: t.id,
        before: { name: t.attendee_name, email: t.attendee_email },
        after: { name: to.name, email: to.email },
      });
      for (const [addr, zh, en] of [
        [t.attendee_email, '门票已转让给他人', 'Your ticket was transferred to someone else'],
        [to.email, '您收到一张转让的门票', 'A ticket was transferred to you'],
      ] as const)
        await deps.mail.send(
          trx,
          {
            to: addr,
            kind: 'ticket.transferred',
            subject: `${zh} / ${en}`,
            text: `${zh}: ${t.id}\n${en}: ${t.id}`,
          },
          now,
        );
      return toTicket(row);
    });
  }

  return { cancel, transfer };
}

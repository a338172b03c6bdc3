import { type Kysely, type Selectable, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { credit, debit, type Ledger, organizerPayable, platformClearing } from '../ledger';
import { type EventInfo, visibleEvent } from './access';
import { addMoves, commitSold, giveBack, type Moves, quotaIdsOf, take } from './capacity';
import {
  addonWithoutParent,
  attendeesMismatch,
  audienceNotAllowed,
  holdNotActive,
  invalidVoucher,
  overPerAccount,
  overPerOrder,
  paymentFailed,
  saleClosed,
  soldOut,
  typeHidden,
  voucherUsedUp,
} from './errors';
import { itemsOf, type StoredItem, toHold } from './model';
import { validateAttendees } from './questions';
import type { AttendeeInput, HoldBody } from './schemas';
import type { TicketTypesTable, TicketVouchersTable } from './tables';

export const TICKET_PAYMENT = 'ticket.payment';
export const TICKET_REFUND = 'ticket.refund';

export interface ShopDeps {
  db: Kysely<DB>;
  clock: Clock;
  ledger: Pick<Ledger, 'post' | 'wallet'>;
  mail: MailSender;
  storeIdsOf: (userId: string) => Promise<string[]>;
  /** Capacity freed: offer it to the waiting list (after the commit). */
  dispatch: (eventId: string) => Promise<void>;
  notify: (trx: Kysely<DB>, userId: string, kind: string, payload: Record<string, unknown>) => Promise<void>;
}

type TypeRow = Selectable<TicketTypesTable>;
type VoucherRow = Selectable<TicketVouchersTable>;
const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function settingsOf(db: Kysely<DB>, eventId: string) {
  const s = await db
    .selectFrom('ticket_event_settings')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return { holdMinutes: s?.hold_minutes ?? 15, offerHours: s?.offer_hours ?? 24 };
}

/** A voucher usable now by this buyer (else 422 INVALID_VOUCHER with the reason). */
export async function usableVoucher(
  db: Kysely<DB>,
  eventId: string,
  code: string,
  actor: Actor | null,
  now: Date,
) {
  const v = await db
    .selectFrom('ticket_vouchers')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!v) throw invalidVoucher('unknown');
  if (v.status !== 'active') throw invalidVoucher(v.status);
  if (v.valid_from && new Date(v.valid_from) > now) throw invalidVoucher('not_yet_valid');
  if (v.valid_until && new Date(v.valid_until) <= now) throw invalidVoucher('expired');
  if (v.owner_user_id && v.owner_user_id !== actor?.userId) throw invalidVoucher('for_another_account');
  if (v.used >= v.max_uses) throw voucherUsedUp();
  return v;
}

export const voucherCovers = (v: VoucherRow | null, typeId: string) => {
  if (!v) return false;
  const ids = jsonOf<string[]>(v.type_ids);
  return ids.length === 0 || ids.includes(typeId);
};

function discountOf(v: VoucherRow | null, t: TypeRow): number {
  if (!v || !voucherCovers(v, t.id)) return 0;
  if (v.effect === 'amount') return Math.min(v.value, t.price);
  if (v.effect === 'percent') return Math.floor((t.price * v.value) / 100);
  return 0;
}

/** Holds, checkout and the buyer's own tickets. */
export function createTicketShop(deps: ShopDeps) {
  const { db, clock } = deps;

  async function audienceAllows(actor: Actor, t: TypeRow): Promise<boolean> {
    if (t.audience === 'anyone') return true;
    if (t.audience === 'roles') return jsonOf<string[]>(t.audience_roles).includes(actor.role);
    if (actor.role === 'merchant' || actor.role === 'operator') return true;
    return (await deps.storeIdsOf(actor.userId)).length > 0;
  }

  /**
   * Reserves seats while the buyer fills in the form: every check that needs no lock first
   * (window, visibility, audience, per-order maximum, add-ons), then in one transaction the
   * per-account maximum under a per-buyer lock, the voucher's use and the quotas' `held`,
   * each a conditional UPDATE. Anything that does not fit rolls the whole hold back.
   */
  async function createHold(actor: Actor, eventId: string, body: HoldBody) {
    const ev = await visibleEvent(db, actor, eventId);
    const now = clock.now();
    const ids = [...new Set(body.items.map((i) => i.typeId))];
    const types = new Map(
      (
        await db
          .selectFrom('ticket_types')
          .selectAll()
          .where('event_id', '=', eventId)
          .where('id', 'in', ids)
          .execute()
      ).map((t) => [t.id, t]),
    );
    const voucher = body.voucherCode ? await usableVoucher(db, eventId, body.voucherCode, actor, now) : null;
    const perType = new Map<string, number>();
    for (const [i, item] of body.items.entries()) {
      const field = `items.${i}.typeId`;
      const t = types.get(item.typeId);
      if (!t) throw notFound('Ticket type', item.typeId);
      if (t.sale_starts_at && new Date(t.sale_starts_at) > now) throw saleClosed(t.id, 'not_started', field);
      if ((t.sale_ends_at && new Date(t.sale_ends_at) <= now) || ev.endsAt <= now)
        throw saleClosed(t.id, 'ended', field);
      if (t.visibility === 'hidden' && !voucherCovers(voucher, t.id)) throw typeHidden(t.id, field);
      if (!(await audienceAllows(actor, t))) throw audienceNotAllowed(t.id, t.audience, field);
      perType.set(t.id, (perType.get(t.id) ?? 0) + item.quantity);
      if (perType.get(t.id)! > t.max_per_order)
        throw overPerOrder(t.id, t.max_per_order, `items.${i}.quantity`);
    }
    if (voucher && !ids.some((t) => voucherCovers(voucher, t))) throw invalidVoucher('not_for_these_tickets');
    const quotas = await quotaIdsOf(db, ids);
    const { holdMinutes } = await settingsOf(db, eventId);
    return db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`tickets:${actor.userId}:${eventId}`}))`.execute(trx);
      for (const [i, item] of body.items.entries()) {
        const t = types.get(item.typeId)!;
        const parents = jsonOf<string[]>(t.addon_of);
        if (parents.length > 0 && !body.items.some((o) => parents.includes(o.typeId))) {
          const owned = await trx
            .selectFrom('tickets')
            .select('id')
            .where('buyer_id', '=', actor.userId)
            .where('type_id', 'in', parents)
            .where('status', '=', 'valid')
            .executeTakeFirst();
          if (!owned) throw addonWithoutParent(t.id, `items.${i}.typeId`);
        }
      }
      for (const [typeId, n] of perType) {
        const t = types.get(typeId)!;
        if (t.max_per_account === null) continue;
        const had = await heldOrOwned(trx, actor.userId, typeId, now);
        if (had + n > t.max_per_account) {
          const i = body.items.findIndex((x) => x.typeId === typeId);
          throw overPerAccount(typeId, t.max_per_account, `items.${i}.quantity`);
        }
      }
      // A reserving voucher (a partner's seats, a waiting-list offer) gives its kept seats first.
      let voucherSeats = 0;
      const reserveType = voucher?.effect === 'reserve' ? jsonOf<string[]>(voucher.type_ids)[0] : undefined;
      if (voucher) {
        voucherSeats = reserveType ? Math.min(voucher.reserved, perType.get(reserveType) ?? 0) : 0;
        const used = await trx
          .updateTable('ticket_vouchers')
          .set({ used: sql`used + 1`, reserved: sql`reserved - ${voucherSeats}` })
          .where('id', '=', voucher.id)
          .where('status', '=', 'active')
          .where(sql<boolean>`used < max_uses`)
          .where('reserved', '>=', voucherSeats)
          .returning('id')
          .executeTakeFirst();
        if (!used) throw voucherUsedUp();
      }
      const items: StoredItem[] = [];
      const moves: Moves = {};
      let left = voucherSeats;
      for (const item of body.items) {
        const t = types.get(item.typeId)!;
        const quotaIds = quotas.get(t.id) ?? [];
        const reservedSeats = t.id === reserveType ? Math.min(left, item.quantity) : 0;
        left -= reservedSeats;
        addMoves(moves, quotaIds, item.quantity - reservedSeats);
        if (quotaIds.length === 0) addMoves(moves, [`none:${t.id}`], 1);
        items.push({
          typeId: t.id,
          quantity: item.quantity,
          unitPrice: t.price,
          discount: discountOf(voucher, t),
          quotaIds,
          reservedSeats,
        });
      }
      if (Object.keys(moves).some((q) => q.startsWith('none:'))) {
        const typeId = Object.keys(moves)
          .find((q) => q.startsWith('none:'))!
          .slice(5);
        throw soldOut(typeId);
      }
      await take(trx, moves, (quotaId) => items.find((i) => i.quotaIds.includes(quotaId))?.typeId ?? '');
      const row = await trx
        .insertInto('ticket_holds')
        .values({
          id: newId('thd', now.getTime()),
          event_id: eventId,
          user_id: actor.userId,
          items: JSON.stringify(items),
          quota_moves: JSON.stringify(moves),
          voucher_id: voucher?.id ?? null,
          voucher_seats: voucherSeats,
          expires_at: new Date(now.getTime() + holdMinutes * 60_000),
          release_reason: null,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toHold(row);
    });
  }

  async function heldOrOwned(trx: Kysely<DB>, userId: string, typeId: string, now: Date) {
    const owned = await trx
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('buyer_id', '=', userId)
      .where('type_id', '=', typeId)
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow();
    const holds = await trx
      .selectFrom('ticket_holds')
      .select('items')
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .where('expires_at', '>', now)
      .execute();
    const held = holds
      .flatMap((h) => itemsOf(h))
      .filter((i) => i.typeId === typeId)
      .reduce((s, i) => s + i.quantity, 0);
    return Number(owned.n) + held;
  }

  async function ownHold(actor: Actor, holdId: string) {
    const h = await db.selectFrom('ticket_holds').selectAll().where('id', '=', holdId).executeTakeFirst();
    if (!h || (h.user_id !== actor.userId && actor.role !== 'operator')) throw notFound('Hold', holdId);
    return h;
  }

  /**
   * Releases a hold exactly once (the status transition is the guard): its pool seats go back to
   * the quotas, its voucher use is undone and a reserving voucher gets its kept seats back while
   * it is still valid (else they return to the pool too).
   */
  async function releaseHold(
    holdId: string,
    reason: 'expired' | 'cancelled',
    eventId?: string,
  ): Promise<boolean> {
    const released = await db.transaction().execute(async (trx) => {
      const h = await trx
        .updateTable('ticket_holds')
        .set({ status: 'released', release_reason: reason })
        .where('id', '=', holdId)
        .where('status', '=', 'active')
        .returningAll()
        .executeTakeFirst();
      if (!h) return null;
      await giveBack(trx, jsonOf<Moves>(h.quota_moves));
      if (h.voucher_id) {
        const restored = await trx
          .updateTable('ticket_vouchers')
          .set({ used: sql`used - 1`, reserved: sql`reserved + ${h.voucher_seats}` })
          .where('id', '=', h.voucher_id)
          .where('status', '=', 'active')
          .where('used', '>=', 1)
          .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', clock.now())]))
          .returning('id')
          .executeTakeFirst();
        if (!restored && h.voucher_seats > 0) {
          const back: Moves = {};
          for (const i of itemsOf(h)) addMoves(back, i.quotaIds, i.reservedSeats);
          await giveBack(trx, back);
        }
      }
      return h;
    });
    if (released) await deps.dispatch(eventId ?? released.event_id);
    return released !== null;
  }

  async function cancelHold(actor: Actor, holdId: string) {
    const h = await ownHold(actor, holdId);
    if (!(await releaseHold(h.id, 'cancelled', h.event_id))) throw holdNotActive(h.id, h.status);
  }

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

  return { createHold, releaseHold, cancelHold, checkout, ownHold };
}

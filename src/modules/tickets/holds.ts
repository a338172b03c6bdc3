import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { visibleEvent } from './access';
import { addMoves, giveBack, type Moves, quotaIdsOf, take } from './capacity';
import {
  addonWithoutParent,
  audienceNotAllowed,
  holdNotActive,
  invalidVoucher,
  overPerAccount,
  overPerOrder,
  saleClosed,
  soldOut,
  typeHidden,
  voucherUsedUp,
} from './errors';
import { itemsOf, type StoredItem, toHold } from './model';
import type { HoldBody } from './schemas';
import type { ShopDeps } from './shop';
import { audienceAllows, discountOf, jsonOf, settingsOf, usableVoucher, voucherCovers } from './shop-rules';

/** Holds: seats reserved while the buyer fills in the form, given back exactly once. */
export function createHolds(deps: ShopDeps) {
  const { db, clock } = deps;

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
      if (!(await audienceAllows(deps.storeIdsOf, actor, t)))
        throw audienceNotAllowed(t.id, t.audience, field);
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
  return { createHold, releaseHold, cancelHold, ownHold };
}

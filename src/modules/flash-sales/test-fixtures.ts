import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { consumers, createShop, type Shop } from '../../../test/support/checkout-fixtures';
import type { Harness } from '../../../test/support/harness';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';

/**
 * Flash-sale test set-up over the shared shop fixture: a campaign with approved SKUs, an
 * operator session, a slot created over HTTP, and consumer sessions written directly (hashing a
 * password per customer would dominate a 500-customer rush).
 */
export interface FlashShop {
  shop: Shop;
  operatorCookie: string;
  slotId: string;
  startsAt: Date;
  endsAt: Date;
}

export async function flashShop(
  h: Harness,
  slot: { stock?: number; perCustomerLimit?: number; checkoutMinutes?: number; flashPrice?: number } = {},
): Promise<FlashShop> {
  h.clock.set('2026-11-01T00:00:00Z');
  const shop = await createShop(h.services, h.ctx.db, { now: h.clock.now(), a1Stock: 500, a1OnHand: 1000 });
  const operator = await h.signIn('operator');
  const startsAt = shop.liveAt;
  const endsAt = new Date(startsAt.getTime() + 3600_000);
  const res = await createSlot(h, operator.cookie, {
    campaignId: shop.campaignId,
    skuId: shop.sku.a1,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    flashPrice: slot.flashPrice ?? 5000,
    stock: slot.stock ?? 10,
    perCustomerLimit: slot.perCustomerLimit ?? 1,
    checkoutMinutes: slot.checkoutMinutes ?? 5,
  });
  if (res.statusCode !== 201) throw new Error(`slot not created: ${res.body}`);
  return { shop, operatorCookie: operator.cookie, slotId: res.json().slot.id, startsAt, endsAt };
}

export const createSlot = (
  h: Harness,
  cookie: string,
  body: unknown,
  key = `k-${randomBytes(6).toString('hex')}`,
) =>
  h.app.inject({
    method: 'POST',
    url: '/api/flash-sales',
    headers: { cookie, 'idempotency-key': key },
    payload: body as Record<string, unknown>,
  });

/** Consumers with live sessions: their ids and cookie headers. */
export async function consumerSessions(
  db: Kysely<DB>,
  n: number,
  now: Date,
): Promise<Array<{ userId: string; cookie: string }>> {
  return sessionsFor(db, await consumers(db, n), now);
}

/** Live sessions for existing users (the shop's merchants, say). */
export async function sessionsFor(
  db: Kysely<DB>,
  ids: string[],
  now: Date,
): Promise<Array<{ userId: string; cookie: string }>> {
  const out = ids.map((userId) => ({ userId, token: randomBytes(24).toString('base64url') }));
  for (let i = 0; i < out.length; i += 500)
    await db
      .insertInto('sessions')
      .values(
        out.slice(i, i + 500).map((s) => ({
          id: newId('ses'),
          token_hash: createHash('sha256').update(s.token).digest('hex'),
          user_id: s.userId,
          created_at: now,
          expires_at: new Date(now.getTime() + 30 * 86_400_000),
          last_seen_at: now,
          reauthenticated_at: now,
        })),
      )
      .execute();
  return out.map((s) => ({ userId: s.userId, cookie: `carnival_session=${s.token}` }));
}

export const reserve = (
  h: Harness,
  cookie: string,
  slotId: string,
  key: string | null,
  body: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> =>
  h.app.inject({
    method: 'POST',
    url: `/api/flash-sales/${slotId}/reservations`,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

export async function slotCounters(db: Kysely<DB>, slotId: string) {
  const slot = await db
    .selectFrom('flash_sale_slots')
    .select(['stock', 'taken', 'status'])
    .where('id', '=', slotId)
    .executeTakeFirstOrThrow();
  const byStatus = await db
    .selectFrom('flash_sale_reservations')
    .select(['status', db.fn.sum<number>('quantity').as('units')])
    .where('slot_id', '=', slotId)
    .groupBy('status')
    .execute();
  const units = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.units)]));
  return { ...slot, live: units.reserved ?? 0, ordered: units.ordered ?? 0 };
}

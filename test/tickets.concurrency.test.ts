import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, summit } from '../src/modules/tickets/test-fixtures';
import type { Actor } from '../src/platform/auth';
import { openFreshPostgres } from '../src/platform/db/testing';
import { isAppError } from '../src/platform/errors';
import { createHarness, type Harness } from './support/harness';

const url = process.env.DATABASE_URL;

/** Settles promises into successes and refusal codes; anything else fails the test. */
async function outcomes<T>(promises: Promise<T>[]) {
  const settled = await Promise.allSettled(promises);
  const ok: T[] = [];
  const codes: Record<string, number> = {};
  for (const s of settled) {
    if (s.status === 'fulfilled') ok.push(s.value);
    else if (isAppError(s.reason)) codes[s.reason.code] = (codes[s.reason.code] ?? 0) + 1;
    else throw s.reason;
  }
  return { ok, codes };
}

let n = 0;
const buyer = (): Actor => ({
  userId: `usr_conc${++n}`,
  role: 'consumer',
  email: `conc${n}@test.local`,
  displayName: `买家 ${n}`,
  via: 'session',
});
const person = (i: number) => ({ name: `参会人 ${i}`, email: `p${i}@test.local`, company: '', answers: {} });

/**
 * Issue 11's acceptance on real PostgreSQL (a 20-connection pool), through the services the
 * routes call, everything at once: shared quotas never oversell, a type in two quotas never
 * exceeds either, cancellations never open more offers than free seats, an offer buys one ticket.
 */
describe.skipIf(!url)('tickets concurrency on PostgreSQL', () => {
  let h: Harness;
  let organizer: Actor;
  let eventId: string;
  const t = () => h.services.tickets;

  const type = async (name: string) =>
    (
      await t().createType(organizer, eventId, {
        name: { 'zh-CN': name, 'en-US': name },
        price: 0,
        maxPerOrder: 10,
        visibility: 'public',
        audience: 'anyone',
        audienceRoles: [],
        addonOf: [],
        position: 0,
      })
    ).id;
  const quota = (name: string, size: number, typeIds: string[]) =>
    t().createQuota(organizer, eventId, { name, size, typeIds });
  const quotaRow = (id: string) =>
    h.ctx.db.selectFrom('ticket_quotas').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const purchase = async (who: Actor, typeId: string, voucherCode?: string) => {
    const hold = await t().createHold(who, eventId, { items: [{ typeId, quantity: 1 }], voucherCode });
    return t().checkout(who, hold.id, [person(1)]);
  };

  beforeAll(async () => {
    h = await createHarness(await openFreshPostgres(url!, 20));
    const s = await summit(h, 'tix-concurrency');
    eventId = s.eventId;
    organizer = actorOf(s.organizer, 'organizer');
  });
  afterAll(() => h?.close());

  it('500 buyers for 100 seats over two types sharing one quota sell exactly 100', async () => {
    const early = await type('早鸟票');
    const standard = await type('标准票');
    const q = await quota('主会场', 100, [early, standard]);
    const { ok, codes } = await outcomes(
      Array.from({ length: 500 }, (_, i) => purchase(buyer(), i % 2 ? early : standard)),
    );
    expect(ok).toHaveLength(100);
    expect(codes).toEqual({ SOLD_OUT: 400 });
    expect(await quotaRow(q)).toMatchObject({ size: 100, sold: 100, held: 0 });
    const sold = await h.ctx.db
      .selectFrom('tickets')
      .select('id')
      .where('type_id', 'in', [early, standard])
      .where('status', '=', 'valid')
      .execute();
    expect(sold).toHaveLength(100);
  }, 240_000);

  it('a type in two quotas never exceeds either', async () => {
    const dayOne = await type('首日票');
    const pass = await type('通票');
    const day = await quota('首日', 30, [dayOne]);
    const venue = await quota('场馆总量', 50, [dayOne, pass]);
    const { ok } = await outcomes(
      Array.from({ length: 200 }, (_, i) => purchase(buyer(), i % 3 ? dayOne : pass)),
    );
    const d = await quotaRow(day);
    const v = await quotaRow(venue);
    expect(d.sold).toBeLessThanOrEqual(30);
    expect(v.sold).toBe(50);
    expect(ok).toHaveLength(50);
    const dayOneSold = ok.flatMap((o) => o.tickets).filter((x) => x.typeId === dayOne).length;
    expect(dayOneSold).toBe(d.sold);
    expect(d.held + v.held).toBe(0);
  }, 240_000);

  it('concurrent cancellations never open more offers than free seats; an offer redeemed twice is one ticket', async () => {
    const vip = await type('VIP');
    const q = await quota('VIP 区', 20, [vip]);
    const holders = Array.from({ length: 20 }, buyer);
    const orders = await Promise.all(holders.map((b) => purchase(b, vip)));
    const waiting = Array.from({ length: 50 }, buyer);
    for (const w of waiting) {
      h.clock.advance(1_000);
      await t().joinWaitlist(w, vip);
    }
    // Cancel 12 at once, with extra dispatchers racing them.
    await Promise.all([
      ...orders.slice(0, 12).map((o, i) => t().cancelTicket(holders[i]!, o.tickets[0]!.id, false, '')),
      ...Array.from({ length: 8 }, () => t().dispatch(eventId)),
    ]);
    const open = await h.ctx.db
      .selectFrom('ticket_vouchers')
      .selectAll()
      .where('waitlist_entry_id', 'is not', null)
      .where('status', '=', 'active')
      .execute();
    const row = await quotaRow(q);
    expect(open).toHaveLength(12);
    expect(open.reduce((s, v) => s + v.reserved, 0)).toBe(12);
    expect(row).toMatchObject({ sold: 8, held: 12 });
    const offered = await h.ctx.db
      .selectFrom('ticket_waitlist')
      .select(['user_id', 'status'])
      .where('type_id', '=', vip)
      .where('status', '=', 'offered')
      .execute();
    // In line order: the first 12 who joined.
    expect(offered.map((e) => e.user_id).sort()).toEqual(
      waiting
        .slice(0, 12)
        .map((w) => w.userId)
        .sort(),
    );

    // The first in line redeems the offer ten times at once: one ticket.
    const lucky = waiting[0]!;
    const code = open.find((v) => v.owner_user_id === lucky.userId)!.code;
    const { ok, codes } = await outcomes(Array.from({ length: 10 }, () => purchase(lucky, vip, code)));
    expect(ok).toHaveLength(1);
    expect(
      Object.keys(codes).every((c) => ['VOUCHER_USED_UP', 'INVALID_VOUCHER', 'HOLD_NOT_ACTIVE'].includes(c)),
    ).toBe(true);
    // Nobody else gets the seat kept for the offers.
    expect(isAppError(await purchase(buyer(), vip).catch((e) => e))).toBe(true);
    expect(await quotaRow(q)).toMatchObject({ sold: 9, held: 11 });

    // The same hold checked out twice at once: one order.
    const h2 = await t().createHold(waiting[1]!, eventId, {
      items: [{ typeId: vip, quantity: 1 }],
      voucherCode: open.find((v) => v.owner_user_id === waiting[1]!.userId)!.code,
    });
    const twice = await outcomes([0, 1, 2].map(() => t().checkout(waiting[1]!, h2.id, [person(2)])));
    expect(twice.ok).toHaveLength(1);
    expect(twice.codes).toEqual({ HOLD_NOT_ACTIVE: 2 });
  }, 240_000);
});

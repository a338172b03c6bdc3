import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { balanceOf, customerWallet, organizerPayable } from '../ledger';
import { expectSoundBooks, http, type SignedIn } from '../orders/test-fixtures';
import { addQuota, addType, attendee, buy, key, summit, typeDraft } from './test-fixtures';

/**
 * The tickets routes: every refusal of the shop (sold out, window closed, per-order and
 * per-account maximum, audience, invalid voucher, missing answer), who may manage what, and the
 * flows behind them: paid orders through the wallet and the organizer's payable, refunds,
 * transfers, vouchers (unlock, discount, reserve, CSV), the waiting list and the hold expiry.
 */
describe.each(testDatabaseTargets())('tickets routes on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let eventId: string;
  let organizer: SignedIn;
  let operator: SignedIn;
  let buyer: SignedIn;
  let standard: string;
  let merchantsOnly: string;
  let hidden: string;
  let workshop: string;
  let tiny: string;
  let ended: string;
  let later: string;
  let questionId: string;

  const hold = (who: SignedIn | null, items: { typeId: string; quantity: number }[], voucherCode?: string) =>
    call(
      'POST',
      `/api/events/${eventId}/ticket-holds`,
      who,
      { items, ...(voucherCode ? { voucherCode } : {}) },
      key(),
    );

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    ({ eventId, organizer, operator } = await summit(h, `tix-${target.kind}`));
    standard = await addType(
      h,
      organizer,
      eventId,
      typeDraft('标准票', 19_900, { maxPerOrder: 3, maxPerAccount: 4 }),
    );
    merchantsOnly = await addType(
      h,
      organizer,
      eventId,
      typeDraft('商家专享票', 9_900, { audience: 'merchants' }),
    );
    hidden = await addType(h, organizer, eventId, typeDraft('嘉宾票', 0, { visibility: 'hidden' }));
    workshop = await addType(h, organizer, eventId, typeDraft('动手实验室', 5_000, { addonOf: [standard] }));
    tiny = await addType(h, organizer, eventId, typeDraft('闭门会', 0));
    ended = await addType(
      h,
      organizer,
      eventId,
      typeDraft('超早鸟', 0, { saleEndsAt: '2026-10-31T00:00:00+08:00' }),
    );
    later = await addType(
      h,
      organizer,
      eventId,
      typeDraft('现场票', 0, { saleStartsAt: '2026-11-30T00:00:00+08:00' }),
    );
    await addQuota(h, organizer, eventId, '主会场', 50, [standard, merchantsOnly, hidden]);
    await addQuota(h, organizer, eventId, '实验室', 10, [workshop]);
    await addQuota(h, organizer, eventId, '闭门会', 1, [tiny]);
    await addQuota(h, organizer, eventId, '其他', 10, [ended, later]);
    const q = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-questions`,
      organizer,
      {
        kind: 'invoice_title',
        label: { 'zh-CN': '发票抬头', 'en-US': 'Invoice title' },
        typeIds: [standard],
        required: true,
      },
      key(),
    );
    expect(q.statusCode, q.body).toBe(201);
    questionId = q.json().question.id;
    buyer = await h.signIn('consumer');
    await h.services.payments.demoCredit({
      customerId: buyer.userId,
      amount: 100_000,
      idempotencyKey: 'tix',
      actor: null,
    });
  });
  afterAll(() => h.close());

  it('keeps the console to the event’s organizer and operators', async () => {
    const other = await h.signIn('organizer');
    const res = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-types`,
      other,
      typeDraft('x', 1),
      key(),
    );
    expect(res.statusCode).toBe(403);
    expect((await call('GET', `/api/organizer/events/${eventId}/tickets`, buyer)).statusCode).toBe(403);
    expect((await call('GET', `/api/organizer/events/${eventId}/tickets`, operator)).statusCode).toBe(200);
    expect((await hold(null, [{ typeId: standard, quantity: 1 }])).statusCode).toBe(401);
    const bad = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-types`,
      organizer,
      { name: { 'zh-CN': 'x', 'en-US': 'x' }, price: -1 },
      key(),
    );
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('price');
  });

  it('refuses a shopping festival: only conferences and summits sell tickets', async () => {
    const c = await h.services.campaigns.create(
      {
        userId: organizer.userId,
        role: 'organizer',
        email: organizer.email,
        displayName: 'o',
        via: 'session',
      },
      {
        slug: `fest-${target.kind}`,
        kind: 'shopping_festival',
        audiences: ['consumers'],
        title: { 'zh-CN': '大促', 'en-US': 'Festival' },
        summary: { 'zh-CN': '', 'en-US': '' },
        body: { 'zh-CN': '', 'en-US': '' },
        theme: { primaryColor: '#ff5000', bannerUrl: null },
        organizer: { name: 'x' },
        timezone: 'Asia/Shanghai',
        startsAt: '2026-12-01T00:00:00+08:00',
        endsAt: '2026-12-02T00:00:00+08:00',
        phases: [],
      } as never,
    );
    const res = await call(
      'POST',
      `/api/organizer/events/${c.id}/ticket-types`,
      organizer,
      typeDraft('x', 0),
      key(),
    );
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('EVENT_NOT_TICKETED');
  });

  it('refuses over the per-order maximum, over the per-account maximum, a closed window and another audience', async () => {
    const over = await hold(buyer, [{ typeId: standard, quantity: 4 }]);
    expect(over.statusCode).toBe(422);
    expect(errorOf(over)).toMatchObject({
      code: 'OVER_PER_ORDER_MAX',
      details: { field: 'items.0.quantity' },
    });
    const a = await hold(buyer, [{ typeId: standard, quantity: 3 }]);
    expect(a.statusCode, a.body).toBe(201);
    const b = await hold(buyer, [{ typeId: standard, quantity: 2 }]);
    expect(errorOf(b)).toMatchObject({
      code: 'OVER_PER_ACCOUNT_MAX',
      details: { field: 'items.0.quantity' },
    });
    await call('POST', `/api/ticket-holds/${a.json().hold.id}/release`, buyer, {});
    const closed = await hold(buyer, [{ typeId: ended, quantity: 1 }]);
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed)).toMatchObject({
      code: 'SALE_CLOSED',
      details: { field: 'items.0.typeId', reason: 'ended' },
    });
    const early = await hold(buyer, [{ typeId: later, quantity: 1 }]);
    expect(errorOf(early)).toMatchObject({ code: 'SALE_CLOSED', details: { reason: 'not_started' } });
    const audience = await hold(buyer, [{ typeId: merchantsOnly, quantity: 1 }]);
    expect(audience.statusCode).toBe(403);
    expect(errorOf(audience).code).toBe('AUDIENCE_NOT_ALLOWED');
    const merchant = await h.signIn('merchant');
    expect((await hold(merchant, [{ typeId: merchantsOnly, quantity: 1 }])).statusCode).toBe(201);
    const addon = await hold(buyer, [{ typeId: workshop, quantity: 1 }]);
    expect(errorOf(addon)).toMatchObject({
      code: 'ADDON_WITHOUT_PARENT',
      details: { field: 'items.0.typeId' },
    });
  });

  it('refuses a sold-out type and lets the buyer join its waiting list instead', async () => {
    const first = await h.signIn('consumer');
    await buy(h, first, eventId, tiny, 1);
    const out = await hold(buyer, [{ typeId: tiny, quantity: 1 }]);
    expect(out.statusCode).toBe(409);
    expect(errorOf(out)).toMatchObject({ code: 'SOLD_OUT' });
    const notYet = await call('POST', `/api/ticket-types/${standard}/waitlist`, buyer, {}, key());
    expect(errorOf(notYet).code).toBe('NOT_SOLD_OUT');
    const join = await call('POST', `/api/ticket-types/${tiny}/waitlist`, buyer, {}, key());
    expect(join.statusCode, join.body).toBe(201);
    expect(errorOf(await call('POST', `/api/ticket-types/${tiny}/waitlist`, buyer, {}, key())).code).toBe(
      'ALREADY_WAITING',
    );
  });

  it('refuses an invalid voucher and a hidden type without one; a voucher unlocks it', async () => {
    const locked = await hold(buyer, [{ typeId: hidden, quantity: 1 }]);
    expect(errorOf(locked)).toMatchObject({
      code: 'TICKET_TYPE_LOCKED',
      details: { field: 'items.0.typeId' },
    });
    const unknown = await hold(buyer, [{ typeId: hidden, quantity: 1 }], 'NOPE-NOPE');
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown)).toMatchObject({ code: 'INVALID_VOUCHER', details: { field: 'voucherCode' } });
    const made = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-vouchers`,
      organizer,
      { effect: 'unlock', typeIds: [hidden], code: 'GUEST-2026', validUntil: '2026-11-01T06:00:00Z' },
      key(),
    );
    expect(made.statusCode, made.body).toBe(201);
    const shop = await call('GET', `/api/events/${eventId}/tickets?voucher=GUEST-2026`, null);
    expect(shop.json().types.map((t: { id: string }) => t.id)).toContain(hidden);
    const ok = await hold(buyer, [{ typeId: hidden, quantity: 1 }], 'GUEST-2026');
    expect(ok.statusCode, ok.body).toBe(201);
    const used = await hold(buyer, [{ typeId: hidden, quantity: 1 }], 'GUEST-2026');
    expect(errorOf(used).code).toBe('VOUCHER_USED_UP');
    await call('POST', `/api/ticket-holds/${ok.json().hold.id}/release`, buyer, {});
    h.clock.advance(7 * 3_600_000);
    const expired = await hold(buyer, [{ typeId: hidden, quantity: 1 }], 'GUEST-2026');
    expect(errorOf(expired)).toMatchObject({ code: 'INVALID_VOUCHER', details: { field: 'voucherCode' } });
  });

  it('refuses a missing required answer, a wrong attendee count and a bad email, naming the field', async () => {
    const res = await hold(buyer, [{ typeId: standard, quantity: 1 }]);
    const id = res.json().hold.id;
    const missing = await call(
      'POST',
      `/api/ticket-holds/${id}/checkout`,
      buyer,
      { attendees: [attendee(1)] },
      key(),
    );
    expect(missing.statusCode).toBe(422);
    expect(errorOf(missing)).toMatchObject({
      code: 'MISSING_ANSWER',
      details: { field: `attendees.0.answers.${questionId}` },
    });
    const count = await call('POST', `/api/ticket-holds/${id}/checkout`, buyer, { attendees: [] }, key());
    expect(count.statusCode).toBe(400);
    const email = await call(
      'POST',
      `/api/ticket-holds/${id}/checkout`,
      buyer,
      { attendees: [{ ...attendee(1), email: 'x' }] },
      key(),
    );
    expect(errorOf(email).details?.field).toBe('attendees.0.email');
    await call('POST', `/api/ticket-holds/${id}/release`, buyer, {});
    const again = await call(
      'POST',
      `/api/ticket-holds/${id}/checkout`,
      buyer,
      { attendees: [attendee(1, { [questionId]: '杭州某某科技有限公司' })] },
      key(),
    );
    expect(errorOf(again).code).toBe('HOLD_NOT_ACTIVE');
  });

  it('sells a paid ticket with an add-on through the wallet, credits the organizer, refunds on cancel', async () => {
    const before = await balanceOf(h.ctx.db, customerWallet(buyer.userId));
    const res = await hold(buyer, [
      { typeId: standard, quantity: 1 },
      { typeId: workshop, quantity: 1 },
    ]);
    expect(res.json().hold.total).toBe(24_900);
    const out = await call(
      'POST',
      `/api/ticket-holds/${res.json().hold.id}/checkout`,
      buyer,
      { attendees: [attendee(1, { [questionId]: '杭州某某科技有限公司' }), attendee(1)] },
      key(),
    );
    expect(out.statusCode, out.body).toBe(201);
    const order = out.json().order;
    expect(order).toMatchObject({ status: 'paid', total: 24_900 });
    const main = order.tickets.find((t: { typeId: string }) => t.typeId === standard);
    const lab = order.tickets.find((t: { typeId: string }) => t.typeId === workshop);
    expect(lab.parentTicketId).toBe(main.id);
    order.tickets = [main, lab];
    expect(await balanceOf(h.ctx.db, customerWallet(buyer.userId))).toBe(before - 24_900);
    const owner = (
      await h.ctx.db
        .selectFrom('campaigns')
        .select('owner_id')
        .where('id', '=', eventId)
        .executeTakeFirstOrThrow()
    ).owner_id;
    expect(await balanceOf(h.ctx.db, organizerPayable(owner))).toBeGreaterThanOrEqual(24_900);
    const moved = await call('POST', `/api/tickets/${order.tickets[0].id}/transfer`, buyer, {
      name: '李雷',
      email: 'lilei@test.local',
    });
    expect(moved.json().ticket).toMatchObject({ attendeeName: '李雷', attendeeEmail: 'lilei@test.local' });
    const cancel = await call('POST', `/api/tickets/${order.tickets[0].id}/cancel`, buyer, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().ticket.status).toBe('refunded');
    expect(await balanceOf(h.ctx.db, customerWallet(buyer.userId))).toBe(before);
    expect(errorOf(await call('POST', `/api/tickets/${order.tickets[0].id}/cancel`, buyer, {})).code).toBe(
      'TICKET_NOT_VALID',
    );
    const mine = await call('GET', '/api/me/ticket-orders', buyer);
    expect(mine.json().items.find((o: { id: string }) => o.id === order.id).status).toBe('cancelled');
    await expectSoundBooks(h.ctx.db);
  });

  it('refuses a checkout the wallet cannot pay (402), leaving the hold to try again', async () => {
    const poor = await h.signIn('consumer');
    const res = await hold(poor, [{ typeId: standard, quantity: 1 }]);
    const out = await call(
      'POST',
      `/api/ticket-holds/${res.json().hold.id}/checkout`,
      poor,
      { attendees: [attendee(1, { [questionId]: '某公司' })] },
      key(),
    );
    expect(out.statusCode).toBe(402);
    expect(errorOf(out).code).toBe('PAYMENT_FAILED');
    expect((await call('GET', `/api/ticket-holds/${res.json().hold.id}`, poor)).json().hold.status).toBe(
      'active',
    );
  });

  it('releases an expired hold once, and offers a cancelled seat to the waiting list', async () => {
    const setup = async () =>
      (await call('GET', `/api/organizer/events/${eventId}/tickets`, organizer)).json();
    const quota = (s: { quotas: { name: string; held: number; sold: number }[] }) =>
      s.quotas.find((q) => q.name === '主会场')!;
    await h.services.tickets.sweep();
    const heldBefore = quota(await setup()).held;
    const res = await hold(buyer, [{ typeId: standard, quantity: 2 }]);
    expect(quota(await setup()).held).toBe(heldBefore + 2);
    h.clock.advance(16 * 60_000);
    await h.services.tickets.sweep();
    await h.services.tickets.sweep();
    // Every hold is past its 15 minutes now (the one above, and the unpaid one before it).
    expect(quota(await setup()).held).toBe(0);
    expect(
      errorOf(
        await call(
          'POST',
          `/api/ticket-holds/${res.json().hold.id}/checkout`,
          buyer,
          { attendees: [attendee(1), attendee(2)] },
          key(),
        ),
      ).code,
    ).toBe('HOLD_NOT_ACTIVE');

    // tiny (1 seat) is sold out and the buyer waits: its holder cancels, the buyer gets the offer.
    const holder = (
      await call(
        'GET',
        `/api/organizer/events/${eventId}/attendees?q=${encodeURIComponent('参会人 0')}`,
        organizer,
      )
    )
      .json()
      .items.find((t: { typeId: string }) => t.typeId === tiny);
    await call('POST', `/api/organizer/tickets/${holder.id}/cancel`, organizer, { reason: '主办方调整' });
    const waits = (await call('GET', '/api/me/waitlist', buyer)).json().items;
    const entry = waits.find((e: { typeId: string }) => e.typeId === tiny);
    expect(entry.status).toBe('offered');
    const code = entry.offer.voucherCode as string;
    const notices = (await call('GET', '/api/me/ticket-notices', buyer)).json().items;
    expect(notices[0]).toMatchObject({ kind: 'ticket.waitlist_offer' });
    const mail = (await call('GET', '/api/dev/mailbox', buyer)).json().items;
    expect(mail[0].text).toContain(code);
    // Someone else cannot use it, and the seat is not for sale to them.
    const other = await h.signIn('consumer');
    expect(errorOf(await hold(other, [{ typeId: tiny, quantity: 1 }])).code).toBe('SOLD_OUT');
    expect(errorOf(await hold(other, [{ typeId: tiny, quantity: 1 }], code)).code).toBe('INVALID_VOUCHER');
    await buy(h, buyer, eventId, tiny, 1, code);
    const overview = (await call('GET', `/api/organizer/events/${eventId}/waitlist`, organizer)).json();
    expect(overview.types.find((t: { typeId: string }) => t.typeId === tiny)).toMatchObject({
      redeemed: 1,
      waiting: 0,
    });
  });

  it('bulk-generates vouchers, exports them and the attendees as CSV', async () => {
    const made = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-vouchers`,
      organizer,
      { effect: 'percent', value: 20, typeIds: [standard], count: 5, prefix: 'VIP' },
      key(),
    );
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().items).toHaveLength(5);
    const csv = await call('GET', `/api/organizer/events/${eventId}/ticket-vouchers.csv`, organizer);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter((l) => l.startsWith('VIP'))).toHaveLength(5);
    const a = await call('GET', `/api/organizer/events/${eventId}/attendees.csv`, organizer);
    expect(a.body).toContain('发票抬头');
    const res = await hold(buyer, [{ typeId: standard, quantity: 1 }], made.json().items[0].code);
    expect(res.json().hold).toMatchObject({ total: 19_900 - 3_980 });
  });
  it('moves an unused offer to the next in line after its 24 hours, and a raised quota offers more', async () => {
    const seminar = await addType(h, organizer, eventId, typeDraft('研讨会', 0));
    const quotaId = await addQuota(h, organizer, eventId, '研讨会', 1, [seminar]);
    const a = await h.signIn('consumer');
    const order = await buy(h, a, eventId, seminar, 1);
    const line: SignedIn[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await h.signIn('consumer');
      h.clock.advance(1_000);
      expect((await call('POST', `/api/ticket-types/${seminar}/waitlist`, w, {}, key())).statusCode).toBe(
        201,
      );
      line.push(w);
    }
    const statusOf = async (w: SignedIn) =>
      (await call('GET', '/api/me/waitlist', w))
        .json()
        .items.find((e: { typeId: string }) => e.typeId === seminar).status;
    await call('POST', `/api/tickets/${order.tickets[0]!.id}/cancel`, a, {});
    expect(await statusOf(line[0]!)).toBe('offered');
    expect(await statusOf(line[1]!)).toBe('waiting');
    h.clock.advance(25 * 3_600_000);
    await h.services.tickets.sweep();
    expect(await statusOf(line[0]!)).toBe('expired');
    expect(await statusOf(line[1]!)).toBe('offered');
    const raised = await call('PUT', `/api/organizer/ticket-quotas/${quotaId}`, organizer, {
      name: '研讨会',
      size: 2,
      typeIds: [seminar],
    });
    expect(raised.statusCode, raised.body).toBe(204);
    expect(await statusOf(line[2]!)).toBe('offered');
    const shrink = await call('PUT', `/api/organizer/ticket-quotas/${quotaId}`, organizer, {
      name: '研讨会',
      size: 1,
      typeIds: [seminar],
    });
    expect(errorOf(shrink)).toMatchObject({ code: 'INVALID_TICKET_SETUP', details: { field: 'size' } });
    const overview = (await call('GET', `/api/organizer/events/${eventId}/waitlist`, organizer)).json();
    expect(overview.types.find((t: { typeId: string }) => t.typeId === seminar)).toMatchObject({
      waiting: 0,
      offered: 2,
      expired: 1,
    });
  });
  it('keeps a partner’s reserved seats out of the open sale until its voucher uses them', async () => {
    const booth = await addType(h, organizer, eventId, typeDraft('展位票', 0, { maxPerOrder: 5 }));
    await addQuota(h, organizer, eventId, '展区', 3, [booth]);
    const made = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-vouchers`,
      organizer,
      { effect: 'reserve', value: 2, typeIds: [booth], code: 'PARTNER-ISV' },
      key(),
    );
    expect(made.statusCode, made.body).toBe(201);
    const tooMany = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-vouchers`,
      organizer,
      { effect: 'reserve', value: 2, typeIds: [booth], code: 'PARTNER-TWO' },
      key(),
    );
    expect(errorOf(tooMany).code).toBe('SOLD_OUT');
    const stranger = await h.signIn('consumer');
    expect(errorOf(await hold(stranger, [{ typeId: booth, quantity: 2 }])).code).toBe('SOLD_OUT');
    await buy(h, stranger, eventId, booth, 1);
    const partner = await h.signIn('partner');
    // A hold with the code that lapses gives the seats back to the voucher, not to the pool.
    const lapsed = await hold(partner, [{ typeId: booth, quantity: 2 }], 'PARTNER-ISV');
    expect(lapsed.statusCode, lapsed.body).toBe(201);
    h.clock.advance(16 * 60_000);
    await h.services.tickets.sweep();
    expect(errorOf(await hold(stranger, [{ typeId: booth, quantity: 1 }])).code).toBe('SOLD_OUT');
    const order = await buy(h, partner, eventId, booth, 2, 'PARTNER-ISV');
    expect(order.tickets).toHaveLength(2);
    expect(errorOf(await hold(partner, [{ typeId: booth, quantity: 1 }], 'PARTNER-ISV')).code).toBe(
      'VOUCHER_USED_UP',
    );
    const setup = (await call('GET', `/api/organizer/events/${eventId}/tickets`, organizer)).json();
    expect(setup.quotas.find((q: { name: string }) => q.name === '展区')).toMatchObject({
      sold: 3,
      held: 0,
      available: 0,
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { http, type SignedIn } from '../orders/test-fixtures';
import { addQuota, addType, attendee, key, summit, typeDraft } from './test-fixtures';

/**
 * Changing what the organizer created: a question's edit and removal (an answered question keeps
 * its kind and options, and stays), a voucher's revocation (refused at the next hold, a hold made
 * before keeps its price, a reservation's seats go back). Another organizer is refused, an unknown
 * id is 404, a bad body names its field.
 */
describe.each(testDatabaseTargets())('ticket setup edits on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let eventId: string;
  let organizer: SignedIn;
  let other: SignedIn;
  let buyer: SignedIn;
  let paid: string;
  let quotaId: string;

  const del = (url: string, who: SignedIn) =>
    h.app.inject({ method: 'DELETE', url, headers: { cookie: who.cookie } });
  const question = async (draft: object) => {
    const res = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-questions`,
      organizer,
      draft,
      key(),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json().question as { id: string };
  };
  const voucher = async (draft: object) => {
    const res = await call(
      'POST',
      `/api/organizer/events/${eventId}/ticket-vouchers`,
      organizer,
      draft,
      key(),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json().items[0] as { id: string; code: string };
  };
  const hold = (voucherCode?: string) =>
    call(
      'POST',
      `/api/events/${eventId}/ticket-holds`,
      buyer,
      { items: [{ typeId: paid, quantity: 1 }], ...(voucherCode ? { voucherCode } : {}) },
      key(),
    );
  const held = async () => {
    const setup = (await call('GET', `/api/organizer/events/${eventId}/tickets`, organizer)).json();
    return (setup.quotas as { id: string; held: number }[]).find((q) => q.id === quotaId)!.held;
  };

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    ({ eventId, organizer } = await summit(h, `tedit-${target.kind}`));
    other = await h.signIn('organizer');
    buyer = await h.signIn('consumer');
    paid = await addType(h, organizer, eventId, typeDraft('标准票', 10_000));
    quotaId = await addQuota(h, organizer, eventId, '主会场', 20, [paid]);
    await h.services.payments.demoCredit({
      customerId: buyer.userId,
      amount: 100_000,
      idempotencyKey: 'tedit',
      actor: null,
    });
  }, 180_000);
  afterAll(() => h.close());

  it('edits a question; once answered its kind stays and its options only grow', async () => {
    const q = await question({
      kind: 'choice',
      label: { 'zh-CN': '午餐', 'en-US': 'Lunch' },
      options: ['荤', '素'],
      required: false,
    });
    const url = `/api/organizer/ticket-questions/${q.id}`;
    const draft = {
      kind: 'choice',
      label: { 'zh-CN': '午餐偏好', 'en-US': 'Lunch choice' },
      options: ['荤', '素'],
    };
    const edited = await call('PUT', url, organizer, { ...draft, required: true });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().question).toMatchObject({ id: q.id, required: true, label: draft.label });

    expect((await call('PUT', url, other, draft)).statusCode).toBe(403);
    expect((await call('PUT', '/api/organizer/ticket-questions/tqs_nope', organizer, draft)).statusCode).toBe(
      404,
    );
    const bad = await call('PUT', url, organizer, { ...draft, options: ['荤'] });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('options');

    // Unanswered, even the kind may change (and back).
    expect((await call('PUT', url, organizer, { ...draft, kind: 'text', options: [] })).statusCode).toBe(200);
    expect((await call('PUT', url, organizer, { ...draft, required: true })).statusCode).toBe(200);

    const h1 = await hold();
    expect(h1.statusCode, h1.body).toBe(201);
    const out = await call(
      'POST',
      `/api/ticket-holds/${h1.json().hold.id}/checkout`,
      buyer,
      { attendees: [attendee(1, { [q.id]: '素' })] },
      key(),
    );
    expect(out.statusCode, out.body).toBe(201);

    const kind = await call('PUT', url, organizer, { ...draft, kind: 'text', options: [] });
    expect(kind.statusCode).toBe(409);
    expect(errorOf(kind)).toMatchObject({
      code: 'QUESTION_ANSWERED',
      details: { field: 'kind', answered: 1 },
    });
    const dropped = await call('PUT', url, organizer, { ...draft, options: ['荤', '清真'] });
    expect(dropped.statusCode).toBe(409);
    expect(errorOf(dropped)).toMatchObject({ code: 'QUESTION_ANSWERED', details: { field: 'options' } });
    const grown = await call('PUT', url, organizer, {
      ...draft,
      options: ['荤', '素', '清真'],
      required: false,
    });
    expect(grown.statusCode, grown.body).toBe(200);
    expect(grown.json().question.options).toEqual(['荤', '素', '清真']);

    const refused = await del(url, organizer);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'QUESTION_ANSWERED', details: { answered: 1 } });
    const attendees = (await call('GET', `/api/organizer/events/${eventId}/attendees`, organizer)).json();
    expect(attendees.items[0].answers[q.id]).toBe('素');
  });

  it('removes a question nobody answered (audited); another organizer may not', async () => {
    const q = await question({ kind: 'text', label: { 'zh-CN': '职位', 'en-US': 'Job title' } });
    const url = `/api/organizer/ticket-questions/${q.id}`;
    expect((await del(url, other)).statusCode).toBe(403);
    expect((await del(url, organizer)).statusCode).toBe(204);
    expect((await del(url, organizer)).statusCode).toBe(404);
    const setup = (await call('GET', `/api/organizer/events/${eventId}/tickets`, organizer)).json();
    expect(setup.questions.map((x: { id: string }) => x.id)).not.toContain(q.id);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', q.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('tickets.question_delete');
  });

  it('revokes a voucher: refused at the next hold, a hold made before keeps its price', async () => {
    const v = await voucher({ effect: 'amount', value: 2_000, maxUses: 5, code: 'REVOKE-ME' });
    const before = await hold(v.code);
    expect(before.statusCode, before.body).toBe(201);
    const url = `/api/organizer/ticket-vouchers/${v.id}/revoke`;

    expect((await call('POST', url, other, { reason: '' })).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/organizer/ticket-vouchers/tvc_nope/revoke', organizer, {})).statusCode,
    ).toBe(404);
    const bad = await call('POST', url, organizer, { reason: 'x'.repeat(501) });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('reason');

    const first = await call('POST', url, organizer, { reason: '渠道泄露' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().voucher).toMatchObject({ id: v.id, status: 'revoked', used: 1 });
    const again = await call('POST', url, organizer, { reason: '渠道泄露' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());

    const refused = await hold(v.code);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({
      code: 'INVALID_VOUCHER',
      details: { reason: 'revoked', field: 'voucherCode' },
    });
    const out = await call(
      'POST',
      `/api/ticket-holds/${before.json().hold.id}/checkout`,
      buyer,
      { attendees: [attendee(2)] },
      key(),
    );
    expect(out.statusCode, out.body).toBe(201);
    expect(out.json().order.total).toBe(8_000);

    const listed = (await call('GET', `/api/organizer/events/${eventId}/ticket-vouchers`, organizer)).json();
    expect(listed.items.find((x: { id: string }) => x.id === v.id).status).toBe('revoked');
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('entity_id', '=', v.id)
      .execute();
    expect(audit).toEqual([{ action: 'tickets.voucher_revoke', reason: '渠道泄露' }]);
  });

  it('gives a revoked reservation’s kept seats back to the pool', async () => {
    const start = await held();
    const v = await voucher({ effect: 'reserve', value: 3, typeIds: [paid], code: 'PARTNER-KEEP' });
    expect(await held()).toBe(start + 3);
    const res = await call('POST', `/api/organizer/ticket-vouchers/${v.id}/revoke`, organizer, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().voucher).toMatchObject({ status: 'revoked', reserved: 0 });
    expect(await held()).toBe(start);
    // Twice is still one give-back.
    await call('POST', `/api/organizer/ticket-vouchers/${v.id}/revoke`, organizer, {});
    expect(await held()).toBe(start);
  });
});

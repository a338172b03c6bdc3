import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { verifyReceipt } from '../../verify';
import { balanceOf, charityEscrow, merchantPayable } from '../ledger';
import { computeSettlements } from '../orders/settlement';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  type PaidOrderInput,
  type SignedIn,
  type World,
} from '../orders/test-fixtures';
import { confirm, deliver, VALID_CREDIT_CODES, verifiedProject } from './test-fixtures';

/**
 * Charity items (公益宝贝) end to end on a real app: a fixed and a percent rule, accrual on the
 * buyer's confirmation and on auto-confirm, refunds before completion (on what is left; a whole
 * cancellation gives nothing) and after it (the donation stays), the escrow in the ledger equal
 * to donations minus disbursements, disbursement refusals, the settlement tying out with the
 * donations line, and the donor's receipt verifying offline.
 */
describe.each(testDatabaseTargets())('charity donations on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let other: SignedIn;
  let projectId: string;
  let charityId: string;
  let keyN = 0;
  const key = () => `don-${++keyN}`;
  /** a: 2 fen per unit; b: 333 basis points (3.33%) of the line's paid amount. */
  const FIXED = 200;
  const BP = 333;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'charity', [
      {
        a: { listPrice: 10000, campaignPrice: 8000 },
        b: { listPrice: 5000, campaignPrice: 4000 },
        plain: { listPrice: 3000, campaignPrice: 2500 },
      },
    ]);
    consumer = await h.signIn('consumer');
    other = await h.signIn('consumer');
    ({ charityId, projectId } = await verifiedProject(h, w.operator, VALID_CREDIT_CODES[0]!));
    const merchant = w.merchants[0]!;
    for (const [sku, rule] of [
      [w.skus.a!.id, { projectId, kind: 'fixed', amount: FIXED }],
      [w.skus.b!.id, { projectId, kind: 'percent', amount: BP }],
    ] as const) {
      const r = await call('PUT', `/api/skus/${sku}/charity-rule`, merchant, rule);
      expect(r.statusCode, r.body).toBe(200);
    }
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const order = (lines: PaidOrderInput['lines'], customerId = consumer.userId) =>
    createPaidOrder(h.ctx, { customerId, campaignId: w.campaignId, lines });
  const escrow = () => balanceOf(h.ctx.db, charityEscrow(projectId));
  const payable = () => balanceOf(h.ctx.db, merchantPayable(w.storeIds[0]!));
  const donationsOfOrder = (orderId: string) =>
    h.ctx.db
      .selectFrom('charity_donations')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('line_id')
      .execute();
  const merchant = () => w.merchants[0]!;
  const approveRefund = async (orderId: string, body: Record<string, unknown>) => {
    const r = await call('POST', `/api/orders/${orderId}/refunds`, consumer, { reason: 'x', ...body }, key());
    expect(r.statusCode, r.body).toBe(201);
    const a = await call('POST', `/api/refunds/${r.json().refund.id}/approve`, merchant(), {}, key());
    expect(a.statusCode, a.body).toBe(200);
  };

  it('accrues fixed and percent donations when the buyer confirms, payable → escrow in one transaction', async () => {
    const o = await order([
      { sku: w.skus.a!, quantity: 2 },
      { sku: w.skus.b!, quantity: 1 },
      { sku: w.skus.plain!, quantity: 1 },
    ]);
    const sub = o.subOrders[0]!.id;
    const before = { escrow: await escrow(), payable: await payable() };
    // The rule snapshot is taken at checkout; nothing is donated before the line completes.
    const badges = await call('GET', `/api/orders/${o.orderId}/charity`, consumer);
    expect(badges.statusCode, badges.body).toBe(200);
    expect(badges.json().items).toHaveLength(2);
    expect(badges.json().items.every((b: { donated: unknown }) => b.donated === null)).toBe(true);
    await deliver(h, merchant(), sub);
    expect(await donationsOfOrder(o.orderId)).toEqual([]);
    await confirm(h, consumer, sub);

    const rows = await donationsOfOrder(o.orderId);
    const bTotal = 4000;
    const expected = [2 * FIXED, Math.floor((bTotal * BP) / 10_000)];
    expect(rows.map((r) => Number(r.amount))).toEqual(expected);
    expect(rows.map((r) => r.kind)).toEqual(['fixed', 'percent']);
    const sum = expected[0]! + expected[1]!;
    expect(await escrow()).toBe(before.escrow + sum);
    expect(await payable()).toBe(before.payable - sum);
    // Each donation is an entry of the donations log, the ledger posting references the order.
    for (const r of rows) {
      const entry = await h.ctx.db
        .selectFrom('transparency_entries')
        .selectAll()
        .where('log', '=', 'donations')
        .where('idx', '=', r.log_index)
        .executeTakeFirstOrThrow();
      expect(entry.leaf_hash).toBe(r.leaf_hash);
      expect(JSON.parse(entry.record)).toMatchObject({
        type: 'donation',
        lineId: r.line_id,
        amount: Number(r.amount),
      });
      const txn = await h.services.ledger.transaction(r.txn_id);
      expect(txn?.kind).toBe('charity.donation');
      expect(txn?.reference).toBe(o.orderId);
    }
    const after = (await call('GET', `/api/orders/${o.orderId}/charity`, consumer)).json().items;
    expect(after.map((b: { donated: number }) => b.donated).sort()).toEqual([...expected].sort());
    // Confirming again changes nothing.
    await confirm(h, consumer, sub);
    expect(await donationsOfOrder(o.orderId)).toHaveLength(2);
  });

  it('accrues on auto-confirm as well', async () => {
    const o = await order([{ sku: w.skus.a!, quantity: 1 }]);
    await deliver(h, merchant(), o.subOrders[0]!.id);
    h.clock.advance(8 * 86_400_000);
    expect((await h.services.orders.sweep()).autoConfirmed).toBeGreaterThanOrEqual(1);
    expect((await donationsOfOrder(o.orderId)).map((r) => Number(r.amount))).toEqual([FIXED]);
  });

  it('a refund before completion reduces the donation to what is left; a cancelled sub-order gives nothing', async () => {
    const o = await order([
      { sku: w.skus.a!, quantity: 3 },
      { sku: w.skus.b!, quantity: 2 },
    ]);
    await approveRefund(o.orderId, { lineId: o.lineIds[0], quantity: 1 });
    await approveRefund(o.orderId, { lineId: o.lineIds[1], amount: 1000 });
    await deliver(h, merchant(), o.subOrders[0]!.id);
    await confirm(h, consumer, o.subOrders[0]!.id);
    const rows = await donationsOfOrder(o.orderId);
    expect(rows.map((r) => Number(r.amount))).toEqual([2 * FIXED, Math.floor(((8000 - 1000) * BP) / 10_000)]);
    expect(rows.map((r) => r.quantity)).toEqual([2, 2]);

    const before = await escrow();
    const cancelled = await order([{ sku: w.skus.a!, quantity: 2 }]);
    const c = await call(
      'POST',
      `/api/sub-orders/${cancelled.subOrders[0]!.id}/cancel-paid`,
      consumer,
      {},
      key(),
    );
    expect(c.statusCode, c.body).toBe(200);
    expect(await donationsOfOrder(cancelled.orderId)).toEqual([]);
    expect(await escrow()).toBe(before);
  });

  it('a refund after completion leaves the donation where it is (the merchant bears it)', async () => {
    const o = await order([{ sku: w.skus.a!, quantity: 2 }]);
    await deliver(h, merchant(), o.subOrders[0]!.id);
    await confirm(h, consumer, o.subOrders[0]!.id);
    const before = { escrow: await escrow(), payable: await payable() };
    await approveRefund(o.orderId, { lineId: o.lineIds[0], quantity: 2 });
    expect((await donationsOfOrder(o.orderId)).map((r) => Number(r.amount))).toEqual([2 * FIXED]);
    expect(await escrow()).toBe(before.escrow);
    expect(await payable()).toBe(before.payable - 2 * 8000);
  });

  it('keeps the rule the buyer saw: a change after checkout applies to new orders only', async () => {
    const o = await order([{ sku: w.skus.a!, quantity: 2 }]);
    const url = `/api/skus/${w.skus.a!.id}/charity-rule`;
    expect((await call('PUT', url, merchant(), { projectId, kind: 'fixed', amount: 500 })).statusCode).toBe(
      200,
    );
    const later = await order([{ sku: w.skus.a!, quantity: 1 }]);
    const cleared = await h.app.inject({ method: 'DELETE', url, headers: { cookie: merchant().cookie } });
    expect(cleared.statusCode).toBe(204);
    const none = await order([{ sku: w.skus.a!, quantity: 1 }]);
    for (const x of [o, later, none]) {
      await deliver(h, merchant(), x.subOrders[0]!.id);
      await confirm(h, consumer, x.subOrders[0]!.id);
    }
    expect((await donationsOfOrder(o.orderId)).map((r) => Number(r.amount))).toEqual([2 * FIXED]);
    expect((await donationsOfOrder(later.orderId)).map((r) => Number(r.amount))).toEqual([500]);
    expect(await donationsOfOrder(none.orderId)).toEqual([]);
    // Back to the rule the other tests use.
    expect((await call('PUT', url, merchant(), { projectId, kind: 'fixed', amount: FIXED })).statusCode).toBe(
      200,
    );
  });

  it('settlement ties out with a donations line: payable = sales − refunds − donations', async () => {
    const [s] = await computeSettlements(h.ctx.db, w.campaignId, w.storeIds[0]);
    const donated = await h.ctx.db
      .selectFrom('charity_donations')
      .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(amount), 0)`.as('sum')])
      .where('store_id', '=', w.storeIds[0]!)
      .executeTakeFirstOrThrow();
    expect(s!.donations).toEqual({ count: Number(donated.n), amount: Number(donated.sum) });
    expect(s!.donations.amount).toBeGreaterThan(0);
    expect(s!.netPayable).toBe(
      s!.sales -
        s!.refunds.merchantPart -
        s!.priceProtection.amount -
        s!.donations.amount +
        s!.forfeitedDeposits,
    );
    expect(s!.netPayable).toBe(s!.ledger.merchantPayable);
    expect(s!.tiesOut).toBe(true);
  });

  it('disburses escrow once per key; refuses over the escrow, without a key, and to an unverified charity', async () => {
    const held = await escrow();
    expect(held).toBeGreaterThan(300);
    const url = `/api/admin/charity-projects/${projectId}/disbursements`;
    const body = { amount: 300, purpose: '采购 2026 年冬季午餐食材', reason: '季度拨付' };
    const k = key();
    const first = await call('POST', url, w.operator, body, k);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().disbursement).toMatchObject({ amount: 300, purpose: body.purpose, charityId });
    const again = await call('POST', url, w.operator, body, k);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(await escrow()).toBe(held - 300);

    const over = await call('POST', url, w.operator, { ...body, amount: held }, key());
    expect(over.statusCode).toBe(409);
    expect(errorOf(over)).toMatchObject({ code: 'ESCROW_INSUFFICIENT', details: { field: 'amount' } });
    const noKey = await call('POST', url, w.operator, body);
    expect(noKey.statusCode).toBe(400);
    expect(errorOf(noKey).details?.field).toBe('Idempotency-Key');
    expect(await escrow()).toBe(held - 300);

    // A charity whose verification is withdrawn receives nothing more.
    const second = await verifiedProject(h, w.operator, VALID_CREDIT_CODES[1]!);
    const rejected = await call('POST', `/api/admin/charities/${second.charityId}/verification`, w.operator, {
      decision: 'reject',
      reason: '年检未通过',
    });
    expect(rejected.statusCode).toBe(200);
    const refused = await call(
      'POST',
      `/api/admin/charity-projects/${second.projectId}/disbursements`,
      w.operator,
      { ...body, amount: 1 },
      key(),
    );
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('CHARITY_NOT_VERIFIED');
    // Nor do its charity items snapshot onto new orders.
    const r = await call('PUT', `/api/skus/${w.skus.plain!.id}/charity-rule`, merchant(), {
      projectId: second.projectId,
      kind: 'fixed',
      amount: 1,
    });
    expect(r.statusCode).toBe(409);
    expect(errorOf(r).code).toBe('CHARITY_NOT_VERIFIED');
  });

  it('books concurrent completions once each, with dense log indices, and never pays out more than the escrow', async () => {
    const placed = [];
    for (let i = 0; i < 12; i++) placed.push(await order([{ sku: w.skus.a!, quantity: 1 }], other.userId));
    for (const o of placed) await deliver(h, merchant(), o.subOrders[0]!.id);
    const before = await h.ctx.db
      .selectFrom('transparency_heads')
      .select('size')
      .where('log', '=', 'donations')
      .executeTakeFirstOrThrow();
    await Promise.all(placed.map((o) => confirm(h, other, o.subOrders[0]!.id)));
    const rows = await h.ctx.db
      .selectFrom('charity_donations')
      .select(['log_index', 'amount'])
      .where(
        'order_id',
        'in',
        placed.map((o) => o.orderId),
      )
      .orderBy('log_index')
      .execute();
    expect(rows.map((r) => r.log_index)).toEqual(placed.map((_, i) => before.size + i));
    expect(rows.every((r) => Number(r.amount) === FIXED)).toBe(true);

    const held = await escrow();
    const third = Math.floor(held / 3);
    const url = `/api/admin/charity-projects/${projectId}/disbursements`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('POST', url, w.operator, { amount: third, purpose: '冬季校服', reason: '并发拨付' }, key()),
      ),
    );
    const codes = answers.map((a) => (a.statusCode === 201 ? 'ok' : errorOf(a).code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'ESCROW_INSUFFICIENT')).toBe(true);
    expect(await escrow()).toBe(held - 3 * third);
    const audits = await h.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'charity.disburse')
      .where('entity_id', '=', projectId)
      .execute();
    expect(audits).toHaveLength(4);
  });

  it('keeps the escrow equal to donations minus disbursements, in the ledger and in the tables', async () => {
    const donated = await h.ctx.db
      .selectFrom('charity_donations')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('sum'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    const paidOut = await h.ctx.db
      .selectFrom('charity_disbursements')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('sum'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    // The escrow's entries by ledger kind: credits are donations, debits disbursements.
    const byKind = await h.ctx.db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
      .innerJoin('ledger_transactions as t', 't.id', 'e.txn_id')
      .select(['t.kind', sql<string>`-sum(e.amount)`.as('net')])
      .where('a.code', '=', charityEscrow(projectId))
      .groupBy('t.kind')
      .execute();
    const net = (kind: string) => Number(byKind.find((r) => r.kind === kind)?.net ?? 0);
    expect(net('charity.donation')).toBe(Number(donated.sum));
    expect(net('charity.disbursement')).toBe(-Number(paidOut.sum));
    expect(await escrow()).toBe(Number(donated.sum) - Number(paidOut.sum));
    const page = (await call('GET', `/api/charity/projects/${projectId}`, null)).json();
    expect(page.raised).toBe(Number(donated.sum));
    expect(page.disbursed).toBe(Number(paidOut.sum));
    expect(page.escrow).toBe(Number(donated.sum) - Number(paidOut.sum));
  });

  it('shows the donor their 爱心足迹, with a receipt that verifies offline, and the public project page', async () => {
    await h.services.transparency.publishAll();
    const mine = await call('GET', '/api/me/donations', consumer);
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as {
      id: string;
      amount: number;
      orderId: string;
      project: { id: string };
    }[];
    expect(items.length).toBeGreaterThanOrEqual(5);
    expect(mine.json().total).toBe(items.reduce((s, d) => s + d.amount, 0));
    expect(items.every((d) => d.project.id === projectId)).toBe(true);
    const nobody = await h.signIn('consumer');
    expect((await call('GET', '/api/me/donations', nobody)).json().items).toEqual([]);

    const receipt = await call('GET', `/api/me/donations/${items[0]!.id}/receipt`, consumer);
    expect(receipt.statusCode, receipt.body).toBe(200);
    const checked = verifyReceipt(receipt.json());
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
    expect(receipt.json().record.decoded).toMatchObject({ type: 'donation', donationId: items[0]!.id });
    const theirs = await call('GET', `/api/me/donations/${items[0]!.id}/receipt`, nobody);
    expect(theirs.statusCode).toBe(404);

    const page = await call('GET', `/api/charity/projects/${projectId}`, null);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ donors: 2, charity: { id: charityId, status: 'verified' } });
    expect(page.json().disbursements).toHaveLength(4);
    expect(page.json().quarters).toEqual([
      expect.objectContaining({ quarter: '2026-Q4', disbursements: 4, escrowAtEnd: page.json().escrow }),
    ]);
    const csv = await call('GET', `/api/charity/projects/${projectId}/disclosure.csv`, null);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [head, row] = csv.body.trim().split('\n');
    expect(head).toBe('quarter,donated_cny,donations,donors,disbursed_cny,disbursements,escrow_at_end_cny');
    expect(row).toBe(
      [
        '2026-Q4',
        (page.json().raised / 100).toFixed(2),
        page.json().donations,
        2,
        (page.json().disbursed / 100).toFixed(2),
        4,
        (page.json().escrow / 100).toFixed(2),
      ].join(','),
    );
    const list = (await call('GET', '/api/charity/projects', null)).json().items;
    expect(list.find((p: { project: { id: string } }) => p.project.id === projectId)).toMatchObject({
      raised: page.json().raised,
      donors: 2,
    });
    const badges = await call('GET', `/api/charity/items?skuIds=${w.skus.a!.id},${w.skus.plain!.id}`, null);
    expect(badges.json().items).toEqual([
      expect.objectContaining({ skuId: w.skus.a!.id, kind: 'fixed', amount: FIXED }),
    ]);
  });
});

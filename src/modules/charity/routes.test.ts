import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { buildWorld, http, type SignedIn, type World } from '../orders/test-fixtures';
import { charityDraft, projectDraft, VALID_CREDIT_CODES, verifiedProject } from './test-fixtures';

/**
 * The charity routes' refusals: who may call what, bad input named by field, business rules
 * (unverified charities, closed projects, rule bounds), and what the public does not see.
 */
describe.each(testDatabaseTargets())('charity routes on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let stranger: SignedIn;
  let projectId: string;
  let keyN = 0;
  const key = () => `cr-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'charity-routes', [{ a: { listPrice: 10000, campaignPrice: 8000 } }]);
    consumer = await h.signIn('consumer');
    stranger = await h.signIn('merchant');
    ({ projectId } = await verifiedProject(h, w.operator, VALID_CREDIT_CODES[2]!));
  });
  afterAll(() => h.close());

  it('registers charities only with a valid, unique unified social credit code', async () => {
    const bad = await call('POST', '/api/admin/charities', w.operator, charityDraft('53100000500021676A'));
    expect(bad.statusCode).toBe(422);
    expect(errorOf(bad)).toMatchObject({ code: 'INVALID_CREDIT_CODE', details: { field: 'creditCode' } });
    const short = await call('POST', '/api/admin/charities', w.operator, charityDraft('5310000050002167'));
    expect(short.statusCode).toBe(400);
    expect(errorOf(short)).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'creditCode' } });
    const email = await call('POST', '/api/admin/charities', w.operator, {
      ...charityDraft(VALID_CREDIT_CODES[3]!),
      contact: { name: 'x', phone: '1', email: 'not-an-email' },
    });
    expect(errorOf(email).details?.field).toBe('contact.email');
    const dup = await call('POST', '/api/admin/charities', w.operator, charityDraft(VALID_CREDIT_CODES[2]!));
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup)).toMatchObject({ code: 'CHARITY_EXISTS', details: { field: 'creditCode' } });
    // Lower case is the same code.
    const lower = await call(
      'POST',
      '/api/admin/charities',
      w.operator,
      charityDraft(VALID_CREDIT_CODES[2]!.toLowerCase()),
    );
    expect(errorOf(lower).code).toBe('CHARITY_EXISTS');
  });

  it('keeps the operators’ routes to operators and the donor’s to signed-in buyers', async () => {
    expect(
      (await call('POST', '/api/admin/charities', consumer, charityDraft(VALID_CREDIT_CODES[3]!))).statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/admin/charities', w.merchants[0]!)).statusCode).toBe(403);
    expect((await call('GET', '/api/me/donations', null)).statusCode).toBe(401);
    expect((await call('GET', '/api/me/donations', w.merchants[0]!)).statusCode).toBe(403);
    const disburse = await call(
      'POST',
      `/api/admin/charity-projects/${projectId}/disbursements`,
      w.merchants[0]!,
      { amount: 1, purpose: 'x', reason: 'x' },
      key(),
    );
    expect(disburse.statusCode).toBe(403);
    const list = await call('GET', '/api/admin/charities', w.operator);
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ status: 'verified', creditCode: VALID_CREDIT_CODES[2] });
  });

  it('refuses a project of an unknown charity, with dates backwards, and opening one of a pending charity', async () => {
    const unknown = await call('POST', '/api/admin/charity-projects', w.operator, projectDraft('chr_nope'));
    expect(unknown.statusCode).toBe(404);
    const pending = await call(
      'POST',
      '/api/admin/charities',
      w.operator,
      charityDraft(VALID_CREDIT_CODES[4]!),
    );
    expect(pending.statusCode).toBe(201);
    const charityId = pending.json().charity.id as string;
    const backwards = await call('POST', '/api/admin/charity-projects', w.operator, {
      ...projectDraft(charityId),
      startsOn: '2027-01-01',
      endsOn: '2026-01-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(errorOf(backwards).details?.field).toBe('endsOn');
    const created = await call('POST', '/api/admin/charity-projects', w.operator, projectDraft(charityId));
    expect(created.statusCode).toBe(201);
    const draftId = created.json().project.id as string;
    const open = await call('POST', `/api/admin/charity-projects/${draftId}/status`, w.operator, {
      status: 'fundraising',
      reason: 'x',
    });
    expect(open.statusCode).toBe(409);
    expect(errorOf(open).code).toBe('CHARITY_NOT_VERIFIED');
    // A draft is the operators' alone.
    expect((await call('GET', `/api/charity/projects/${draftId}`, null)).statusCode).toBe(404);
    expect((await call('GET', `/api/charity/projects/${draftId}/disclosure.csv`, consumer)).statusCode).toBe(
      404,
    );
    expect((await call('GET', `/api/charity/projects/${draftId}`, w.operator)).statusCode).toBe(200);
    const anonymous = (await call('GET', '/api/charity/projects', null)).json().items;
    expect(anonymous.map((p: { project: { id: string } }) => p.project.id)).not.toContain(draftId);
    // A rule may not point at it either.
    const rule = await call('PUT', `/api/skus/${w.skus.a!.id}/charity-rule`, w.merchants[0]!, {
      projectId: draftId,
      kind: 'fixed',
      amount: 10,
    });
    expect(rule.statusCode).toBe(409);
    expect(errorOf(rule).code).toBe('PROJECT_NOT_FUNDRAISING');
    expect((await call('GET', '/api/charity/projects/cpj_nope', null)).statusCode).toBe(404);
    const verifyUnknown = await call('POST', '/api/admin/charities/chr_nope/verification', w.operator, {
      decision: 'verify',
      reason: 'x',
    });
    expect(verifyUnknown.statusCode).toBe(404);
  });

  it('bounds charity-item rules and keeps them to the SKU’s own store', async () => {
    const url = `/api/skus/${w.skus.a!.id}/charity-rule`;
    const m = w.merchants[0]!;
    const percent = await call('PUT', url, m, { projectId, kind: 'percent', amount: 10_001 });
    expect(percent.statusCode).toBe(422);
    expect(errorOf(percent)).toMatchObject({ code: 'INVALID_DONATION_RULE', details: { field: 'amount' } });
    const overPrice = await call('PUT', url, m, { projectId, kind: 'fixed', amount: 10_001 });
    expect(errorOf(overPrice)).toMatchObject({ code: 'INVALID_DONATION_RULE', details: { field: 'amount' } });
    const zero = await call('PUT', url, m, { projectId, kind: 'fixed', amount: 0 });
    expect(zero.statusCode).toBe(400);
    expect(errorOf(zero).details?.field).toBe('amount');
    const kind = await call('PUT', url, m, { projectId, kind: 'share', amount: 1 });
    expect(errorOf(kind).details?.field).toBe('kind');
    expect((await call('PUT', url, stranger, { projectId, kind: 'fixed', amount: 10 })).statusCode).toBe(404);
    expect(
      (await call('PUT', '/api/skus/sku_nope/charity-rule', m, { projectId, kind: 'fixed', amount: 1 }))
        .statusCode,
    ).toBe(404);
    // A new rule retires the old one; clearing retires it too.
    expect((await call('PUT', url, m, { projectId, kind: 'fixed', amount: 10 })).statusCode).toBe(200);
    expect((await call('PUT', url, m, { projectId, kind: 'percent', amount: 100 })).statusCode).toBe(200);
    const rules = await call('GET', `/api/stores/${w.storeIds[0]}/charity-rules`, m);
    expect(rules.json().items).toEqual([expect.objectContaining({ kind: 'percent', amount: 100 })]);
    expect((await call('GET', `/api/stores/${w.storeIds[0]}/charity-rules`, stranger)).statusCode).toBe(404);
    const cleared = await h.app.inject({ method: 'DELETE', url, headers: { cookie: m.cookie } });
    expect(cleared.statusCode).toBe(204);
    expect((await call('GET', `/api/charity/items?skuIds=${w.skus.a!.id}`, null)).json().items).toEqual([]);
  });

  it('names the field of bad public queries and disbursements, and hides other people’s orders and donations', async () => {
    const noSkus = await call('GET', '/api/charity/items', null);
    expect(noSkus.statusCode).toBe(400);
    expect(errorOf(noSkus).details?.field).toBe('skuIds');
    const zero = await call(
      'POST',
      `/api/admin/charity-projects/${projectId}/disbursements`,
      w.operator,
      { amount: 0, purpose: 'x', reason: 'x' },
      key(),
    );
    expect(zero.statusCode).toBe(400);
    expect(errorOf(zero).details?.field).toBe('amount');
    const noPurpose = await call(
      'POST',
      `/api/admin/charity-projects/${projectId}/disbursements`,
      w.operator,
      { amount: 1, reason: 'x' },
      key(),
    );
    expect(errorOf(noPurpose).details?.field).toBe('purpose');
    const unknown = await call(
      'POST',
      '/api/admin/charity-projects/cpj_nope/disbursements',
      w.operator,
      { amount: 1, purpose: 'x', reason: 'x' },
      key(),
    );
    expect(unknown.statusCode).toBe(404);
    const empty = await call(
      'POST',
      `/api/admin/charity-projects/${projectId}/disbursements`,
      w.operator,
      { amount: 1, purpose: 'x', reason: 'x' },
      key(),
    );
    expect(empty.statusCode).toBe(409);
    expect(errorOf(empty).code).toBe('ESCROW_INSUFFICIENT');
    expect((await call('GET', '/api/me/donations/don_nope/receipt', consumer)).statusCode).toBe(404);
    expect((await call('GET', '/api/orders/ord_nope/charity', consumer)).statusCode).toBe(404);
  });

  it('posts progress updates with photo URLs, shown on the project page', async () => {
    const bad = await call('POST', `/api/admin/charity-projects/${projectId}/updates`, w.operator, {
      body: '第一批午餐已送达',
      photoUrls: ['not a url'],
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('photoUrls.0');
    const ok = await call(
      'POST',
      `/api/admin/charity-projects/${projectId}/updates`,
      w.operator,
      { body: '第一批午餐已送达', photoUrls: ['https://example.org/lunch-1.jpg'] },
      key(),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const page = (await call('GET', `/api/charity/projects/${projectId}`, null)).json();
    expect(page.updates).toEqual([
      expect.objectContaining({ body: '第一批午餐已送达', photoUrls: ['https://example.org/lunch-1.jpg'] }),
    ]);
    expect(page.charity).not.toHaveProperty('bankAccount');
  });
});

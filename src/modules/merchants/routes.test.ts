import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { api, STORE } from '../enrollment/test-fixtures';

describe.each(testDatabaseTargets())('merchants routes on $kind', (target) => {
  let h: Harness;
  let a: ReturnType<typeof api>;
  let owner: Awaited<ReturnType<Harness['signIn']>>;
  let other: Awaited<ReturnType<Harness['signIn']>>;
  let op: Awaited<ReturnType<Harness['signIn']>>;
  let storeId: string;
  beforeAll(async () => {
    h = await createHarness(await target.open());
    a = api(h);
    [owner, other, op] = await Promise.all([
      h.signIn('merchant'),
      h.signIn('merchant'),
      h.signIn('operator'),
    ]);
  });
  afterAll(() => h.close());

  it('a merchant opens a store and owns it; the rating starts at 0', async () => {
    const res = await a.post('/api/stores', owner, STORE);
    expect(res.statusCode).toBe(201);
    const { store } = res.json();
    expect(store).toMatchObject({
      name: STORE.name,
      mainCategory: 'apparel.women',
      rating: 0,
      ratingTenths: 0,
      currency: 'CNY',
      version: 1,
    });
    expect(store.id).toMatch(/^str_/);
    expect(store.qualifications[0]).toEqual({
      type: 'business_license',
      number: '91330100MA2XXXX',
      expiresAt: '2030-12-31',
    });
    storeId = store.id;
    const members = await a.get(`/api/stores/${storeId}/members`, owner);
    expect(members.json().items).toEqual([expect.objectContaining({ userId: owner.userId, role: 'owner' })]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const res = await a.post('/api/stores', owner, { ...STORE, mainCategory: 'weapons' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details?.field).toBe('mainCategory');
    const q = await a.post('/api/stores', owner, { ...STORE, qualifications: [{ type: 'x', number: '' }] });
    expect(errorOf(q).details?.field).toBe('qualifications.0.number');
  });

  it('refuses strangers (401) and other roles (403)', async () => {
    expect((await a.post('/api/stores', null, STORE)).statusCode).toBe(401);
    const consumer = await h.signIn('consumer');
    expect((await a.post('/api/stores', consumer, STORE)).statusCode).toBe(403);
    expect((await a.get('/api/stores', consumer)).statusCode).toBe(403);
  });

  it('a merchant sees only its own stores (404 on another’s, as on none); operators see all', async () => {
    await a.post('/api/stores', other, { ...STORE, name: '别家店' });
    const mine = await a.get('/api/stores', owner);
    expect(mine.json().items.map((s: { id: string }) => s.id)).toEqual([storeId]);
    const foreign = await a.get(`/api/stores/${storeId}`, other);
    const missing = await a.get('/api/stores/str_missing', owner);
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).code).toBe('NOT_FOUND');
    expect(missing.statusCode).toBe(404);
    const all = await a.get('/api/stores', op);
    expect(all.json().total).toBeGreaterThanOrEqual(2);
    expect((await a.get(`/api/stores/${storeId}`, op)).statusCode).toBe(200);
  });

  it('the owner edits with the version it read; a stale version is 409', async () => {
    const res = await a.patch(`/api/stores/${storeId}`, owner, { region: '浙江宁波', version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json().store).toMatchObject({ region: '浙江宁波', version: 2 });
    const stale = await a.patch(`/api/stores/${storeId}`, owner, { region: 'x', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'VERSION_CONFLICT', details: { field: 'version' } });
    expect((await a.patch(`/api/stores/${storeId}`, other, { region: 'x', version: 2 })).statusCode).toBe(
      404,
    );
    expect((await a.patch(`/api/stores/${storeId}`, owner, { region: 'x' })).statusCode).toBe(400);
  });

  it('operators set the rating (one decimal, audited); merchants cannot', async () => {
    const res = await a.put(`/api/stores/${storeId}/rating`, op, { rating: 4.8, reason: 'DSR 2026Q3' });
    expect(res.statusCode).toBe(200);
    expect(res.json().store).toMatchObject({ rating: 4.8, ratingTenths: 48 });
    const bad = await a.put(`/api/stores/${storeId}/rating`, op, { rating: 4.85, reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('rating');
    expect((await a.put(`/api/stores/${storeId}/rating`, op, { rating: 5.5, reason: 'x' })).statusCode).toBe(
      400,
    );
    expect(
      (await a.put(`/api/stores/${storeId}/rating`, owner, { rating: 5, reason: 'me' })).statusCode,
    ).toBe(403);
    expect((await a.put('/api/stores/str_missing/rating', op, { rating: 4, reason: 'x' })).statusCode).toBe(
      404,
    );
    const audit = await a.get(`/api/admin/audit?entityType=store&entityId=${storeId}`, op);
    expect(audit.json().items[0]).toMatchObject({
      action: 'store.set_rating',
      after: { ratingTenths: 48 },
      reason: 'DSR 2026Q3',
    });
  });
});

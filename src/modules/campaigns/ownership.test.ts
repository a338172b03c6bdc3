import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';

const draft = (slug: string, over: Record<string, unknown> = {}) => ({
  slug,
  kind: 'tech_summit',
  audiences: ['developers'],
  title: { 'zh-CN': `2026 ${slug}`, 'en-US': `2026 ${slug}` },
  summary: { 'zh-CN': '摘要', 'en-US': 'Summary' },
  organizer: { name: 'Carnival' },
  timezone: 'Asia/Shanghai',
  startsAt: '2026-11-10T09:00:00+08:00',
  endsAt: '2026-11-12T18:00:00+08:00',
  phases: [],
  ...over,
});

type Who = { cookie: string; userId: string };

describe.each(testDatabaseTargets())('campaign ownership and leaks on $kind', (target) => {
  let h: Harness;
  let op: Who;
  let organizer: Who;
  let consumer: Who;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    [op, organizer, consumer] = [
      await h.signIn('operator'),
      await h.signIn('organizer'),
      await h.signIn('consumer'),
    ];
  });
  afterAll(() => h.close());

  const send = (method: 'POST' | 'PATCH' | 'GET', url: string, who: Who | null, payload?: unknown) =>
    h.app.inject({ method, url, headers: who ? { cookie: who.cookie } : {}, payload: payload as object });
  const publish = async (id: string) => {
    await send('POST', `/api/campaigns/${id}/transitions`, op, { to: 'in_review' });
    expect((await send('POST', `/api/campaigns/${id}/transitions`, op, { to: 'published' })).statusCode).toBe(
      200,
    );
  };
  const newSeries = async (slug: string) =>
    (
      await send('POST', '/api/series', op, {
        slug,
        name: { 'zh-CN': slug, 'en-US': slug },
        rrule: 'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=10',
        timezone: 'Asia/Shanghai',
      })
    ).json().series.id as string;

  it('only operators and the series’ owner attach an event to a series (create and edit)', async () => {
    const seriesId = await newSeries('owned-by-op');
    const refused = await send('POST', '/api/campaigns', organizer, draft('org-attach', { seriesId }));
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'FORBIDDEN', details: { field: 'seriesId' } });

    const own = await send('POST', '/api/campaigns', organizer, draft('org-own'));
    expect(own.statusCode).toBe(201);
    const c = own.json().campaign;
    const patch = await send('PATCH', `/api/campaigns/${c.id}`, organizer, { seriesId, version: c.version });
    expect(patch.statusCode).toBe(403);
    expect(errorOf(patch).details?.field).toBe('seriesId');
    // Nothing was attached by the refusals.
    expect((await send('GET', `/api/campaigns/${c.id}`, organizer)).json().campaign.seriesId).toBeNull();

    const byOperator = await send('POST', '/api/campaigns', op, draft('op-attach', { seriesId }));
    expect(byOperator.statusCode).toBe(201);
    expect(byOperator.json().campaign).toMatchObject({ seriesId, edition: 1 });
  });

  it('the series’ owner attaches: a series row owned by the organizer lets them', async () => {
    const seriesId = await newSeries('owned-by-org');
    await h.ctx.db
      .updateTable('campaign_series')
      .set({ owner_id: organizer.userId })
      .where('id', '=', seriesId)
      .execute();
    const res = await send('POST', '/api/campaigns', organizer, draft('org-into-own', { seriesId }));
    expect(res.statusCode).toBe(201);
    expect(res.json().campaign.seriesId).toBe(seriesId);
  });

  it('spawn copies the latest published edition, not a later draft, and numbers after all', async () => {
    const seriesId = await newSeries('spawn-published');
    const first = (await send('POST', '/api/campaigns', op, draft('sp-2026', { seriesId }))).json().campaign;
    await publish(first.id);
    const secret = { 'zh-CN': '未公开的草稿', 'en-US': 'Unreleased draft' };
    const second = await send(
      'POST',
      '/api/campaigns',
      op,
      draft('sp-draft', {
        seriesId,
        title: secret,
        startsAt: '2027-11-10T09:00:00+08:00',
        endsAt: '2027-11-12T18:00:00+08:00',
      }),
    );
    expect(second.json().campaign.edition).toBe(2);
    const spawned = await send('POST', `/api/series/${seriesId}/spawn`, op, {});
    expect(spawned.statusCode).toBe(201);
    expect(spawned.json().campaign).toMatchObject({
      edition: 3,
      status: 'draft',
      title: { 'zh-CN': '2027 sp-2027', 'en-US': '2027 sp-2027' }, // the published edition's, year bumped
      startsAt: '2027-11-10T09:00:00+08:00',
    });
  });

  it('public campaign JSON carries no owner id; staff views keep it', async () => {
    const c = (await send('POST', '/api/campaigns', organizer, draft('owner-hidden'))).json().campaign;
    expect(c.ownerId).toBe(organizer.userId);
    await send('POST', `/api/campaigns/${c.id}/transitions`, organizer, { to: 'in_review' });
    await send('POST', `/api/campaigns/${c.id}/transitions`, op, { to: 'published' });

    const list = await send('GET', '/api/campaigns?q=owner-hidden', null);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(c.id);
    for (const item of list.json().items) expect(item).not.toHaveProperty('ownerId');
    expect(list.body).not.toContain(organizer.userId);
    for (const who of [null, consumer]) {
      const one = await send('GET', `/api/campaigns/${c.id}`, who);
      expect(one.statusCode).toBe(200);
      expect(one.json().campaign).not.toHaveProperty('ownerId');
      expect(one.body).not.toContain(organizer.userId);
    }
    expect((await send('GET', `/api/campaigns/${c.id}`, organizer)).json().campaign.ownerId).toBe(
      organizer.userId,
    );
    expect((await send('GET', `/api/campaigns/${c.id}`, op)).json().campaign.ownerId).toBe(organizer.userId);
    expect((await send('GET', '/api/manage/campaigns', organizer)).json().items[0].ownerId).toBe(
      organizer.userId,
    );

    const seriesId = await newSeries('public-editions');
    const edition = (await send('POST', '/api/campaigns', op, draft('pe-2026', { seriesId }))).json()
      .campaign;
    await publish(edition.id);
    const series = await send('GET', `/api/series/${seriesId}`, null);
    expect(series.json().editions).toHaveLength(1);
    expect(series.json().editions[0]).not.toHaveProperty('ownerId');
    expect(series.body).not.toContain(op.userId);
  });
});

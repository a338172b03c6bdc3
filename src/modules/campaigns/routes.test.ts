import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';

const draft = (over: Record<string, unknown> = {}) => ({
  slug: 'double-11-2026',
  kind: 'shopping_festival',
  audiences: ['consumers', 'merchants'],
  title: { 'zh-CN': '2026 双十一全球狂欢节', 'en-US': '2026 Double 11 Global Shopping Festival' },
  summary: { 'zh-CN': '跨店满减', 'en-US': 'Cross-store discounts' },
  organizer: { name: 'Carnival' },
  timezone: 'Asia/Shanghai',
  startsAt: '2026-11-10T20:00:00+08:00',
  endsAt: '2026-11-20T00:00:00+08:00',
  phases: [
    {
      key: 'presale',
      name: { 'zh-CN': '预售', 'en-US': 'Pre-sale' },
      startsAt: '2026-11-10T20:00:00+08:00',
      endsAt: '2026-11-11T00:00:00+08:00',
    },
    {
      key: 'main',
      name: { 'zh-CN': '开售', 'en-US': 'Main' },
      startsAt: '2026-11-11T00:00:00+08:00',
      endsAt: '2026-11-12T00:00:00+08:00',
    },
  ],
  ...over,
});

describe.each(testDatabaseTargets())('campaigns routes on $kind', (target) => {
  let h: Harness;
  let op: { cookie: string; userId: string };
  let organizer: { cookie: string; userId: string };
  let consumer: { cookie: string; userId: string };
  let id: string;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    op = await h.signIn('operator');
    organizer = await h.signIn('organizer');
    consumer = await h.signIn('consumer');
  });
  afterAll(() => h.close());

  const post = (url: string, cookie: string | undefined, payload: unknown) =>
    h.app.inject({ method: 'POST', url, headers: cookie ? { cookie } : {}, payload: payload as object });

  it('creates a draft that the public cannot see', async () => {
    const res = await post('/api/campaigns', op.cookie, draft());
    expect(res.statusCode).toBe(201);
    const c = res.json().campaign;
    id = c.id;
    expect(c).toMatchObject({
      status: 'draft',
      version: 1,
      startsAt: '2026-11-10T20:00:00+08:00',
      viewCount: 0,
    });
    expect(id).toMatch(/^cmp_/);
    expect((await h.app.inject({ url: `/api/campaigns/${id}` })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/api/campaigns' })).json().total).toBe(0);
  });

  it('refuses creation by a consumer (403) and a stranger (401)', async () => {
    expect((await post('/api/campaigns', consumer.cookie, draft({ slug: 'x1' }))).statusCode).toBe(403);
    expect((await post('/api/campaigns', undefined, draft({ slug: 'x2' }))).statusCode).toBe(401);
  });

  it('refuses bad input naming the field (400) and broken schedules (422)', async () => {
    const bad = await post(
      '/api/campaigns',
      op.cookie,
      draft({ slug: 'x3', title: { 'zh-CN': '', 'en-US': 'x' } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('title.zh-CN');
    const noTz = await post('/api/campaigns', op.cookie, draft({ slug: 'x4', startsAt: '2026-11-10 20:00' }));
    expect(errorOf(noTz).details?.field).toBe('startsAt');
    const overlap = await post(
      '/api/campaigns',
      op.cookie,
      draft({
        slug: 'x5',
        phases: [
          {
            key: 'a',
            name: { 'zh-CN': 'a', 'en-US': 'a' },
            startsAt: '2026-11-10T20:00:00+08:00',
            endsAt: '2026-11-11T01:00:00+08:00',
          },
          {
            key: 'b',
            name: { 'zh-CN': 'b', 'en-US': 'b' },
            startsAt: '2026-11-11T00:00:00+08:00',
            endsAt: '2026-11-12T00:00:00+08:00',
          },
        ],
      }),
    );
    expect(overlap.statusCode).toBe(422);
    expect(errorOf(overlap)).toMatchObject({
      code: 'PHASES_OVERLAP',
      details: { field: 'phases.1.startsAt' },
    });
    const outside = await post(
      '/api/campaigns',
      op.cookie,
      draft({
        slug: 'x6',
        phases: [
          {
            key: 'a',
            name: { 'zh-CN': 'a', 'en-US': 'a' },
            startsAt: '2026-11-09T00:00:00+08:00',
            endsAt: '2026-11-11T00:00:00+08:00',
          },
        ],
      }),
    );
    expect(errorOf(outside).code).toBe('PHASE_OUTSIDE_EVENT');
    const tz = await post('/api/campaigns', op.cookie, draft({ slug: 'x7', timezone: 'Mars/Olympus' }));
    expect(errorOf(tz)).toMatchObject({ code: 'INVALID_TIME_ZONE', details: { field: 'timezone' } });
    // Nothing of the refused requests was written.
    const all = await h.app.inject({ url: '/api/manage/campaigns', headers: { cookie: op.cookie } });
    expect(all.json().total).toBe(1);
  });

  it('refuses a duplicate slug with 409', async () => {
    const res = await post('/api/campaigns', op.cookie, draft());
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'SLUG_TAKEN', details: { field: 'slug' } });
  });

  it('edits with optimistic versioning: a stale version gets 409', async () => {
    const ok = await h.app.inject({
      method: 'PATCH',
      url: `/api/campaigns/${id}`,
      headers: { cookie: op.cookie },
      payload: { version: 1, summary: { 'zh-CN': '每满300减50', 'en-US': '50 off every 300' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().campaign.version).toBe(2);
    const stale = await h.app.inject({
      method: 'PATCH',
      url: `/api/campaigns/${id}`,
      headers: { cookie: op.cookie },
      payload: { version: 1, organizer: { name: 'x' } },
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('VERSION_CONFLICT');
    const missing = await h.app.inject({
      method: 'PATCH',
      url: '/api/campaigns/cmp_nope',
      headers: { cookie: op.cookie },
      payload: { version: 1 },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('runs the workflow with role checks, reasons and a clock-driven live/ended', async () => {
    const t = (to: string, cookie: string, reason?: string) =>
      post(`/api/campaigns/${id}/transitions`, cookie, { to, reason });
    expect((await t('published', op.cookie)).statusCode).toBe(409); // draft cannot jump to published
    expect((await t('in_review', consumer.cookie)).statusCode).toBe(404); // cannot even see a draft
    expect((await t('in_review', op.cookie)).json().campaign.status).toBe('in_review');
    const noReason = await t('draft', op.cookie);
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason).details?.field).toBe('reason');
    expect((await t('live', op.cookie)).statusCode).toBe(422);
    expect((await t('published', op.cookie)).json().campaign.status).toBe('published');
    expect((await h.app.inject({ url: '/api/campaigns' })).json().total).toBe(1);

    h.clock.set('2026-11-11T00:30:00+08:00');
    const live = (await h.app.inject({ url: `/api/campaigns/${id}` })).json().campaign;
    expect(live).toMatchObject({ status: 'live', currentPhase: 'main' });
    expect((await h.app.inject({ url: '/api/campaigns?status=live' })).json().total).toBe(1);
    expect((await t('archived', op.cookie)).statusCode).toBe(400); // live -> archived needs a reason

    h.clock.set('2026-11-21T00:00:00+08:00');
    expect((await h.app.inject({ url: '/api/auth/me', headers: { cookie: op.cookie } })).statusCode).toBe(
      401,
    ); // sessions last 14 days
    op = await h.signIn('operator');
    expect((await h.app.inject({ url: `/api/campaigns/${id}` })).json().campaign.status).toBe('ended');
    expect((await t('archived', op.cookie)).json().campaign.status).toBe('archived');
    expect((await h.app.inject({ url: '/api/campaigns' })).json().total).toBe(0);

    const history = await h.app.inject({
      url: `/api/campaigns/${id}/transitions`,
      headers: { cookie: op.cookie },
    });
    expect(history.json().items.map((i: { to: string }) => i.to)).toEqual([
      'in_review',
      'published',
      'archived',
    ]);
    const hidden = await h.app.inject({ url: '/api/campaigns?status=draft' });
    expect(hidden.statusCode).toBe(403);
    h.clock.set('2026-11-01T00:00:00Z');
  });

  it('lets an organizer propose but only an operator publish; organizers see only their own', async () => {
    const res = await post(
      '/api/campaigns',
      organizer.cookie,
      draft({
        slug: 'summit',
        kind: 'tech_summit',
        audiences: ['developers'],
        title: { 'zh-CN': '2026 云栖大会', 'en-US': '2026 Apsara Conference' },
      }),
    );
    expect(res.statusCode).toBe(201);
    const sid = res.json().campaign.id;
    expect(
      (await post(`/api/campaigns/${sid}/transitions`, organizer.cookie, { to: 'in_review' })).statusCode,
    ).toBe(200);
    const denied = await post(`/api/campaigns/${sid}/transitions`, organizer.cookie, { to: 'published' });
    expect(denied.statusCode).toBe(403);
    expect((await post(`/api/campaigns/${sid}/transitions`, op.cookie, { to: 'published' })).statusCode).toBe(
      200,
    );
    const mine = await h.app.inject({ url: '/api/manage/campaigns', headers: { cookie: organizer.cookie } });
    expect(mine.json().items.map((c: { slug: string }) => c.slug)).toEqual(['summit']);
    const edit = await h.app.inject({
      method: 'PATCH',
      url: `/api/campaigns/${sid}`,
      headers: { cookie: organizer.cookie },
      payload: { version: 3, organizer: { name: 'x' } },
    });
    expect(edit.statusCode).toBe(403); // published: only operators edit
    const consumerList = await h.app.inject({
      url: '/api/manage/campaigns',
      headers: { cookie: consumer.cookie },
    });
    expect(consumerList.statusCode).toBe(403);
  });

  it('searches in Chinese and English and filters by kind and audience', async () => {
    const q = async (qs: string) =>
      (await h.app.inject({ url: `/api/campaigns?${qs}` })).json().items.map((c: { slug: string }) => c.slug);
    expect(await q(`q=${encodeURIComponent('云栖')}`)).toEqual(['summit']);
    expect(await q('q=apsara')).toEqual(['summit']);
    expect(await q('q=APSARA%20conference')).toEqual(['summit']);
    expect(await q('kind=shopping_festival')).toEqual([]);
    expect(await q('audience=developers,partners')).toEqual(['summit']);
    expect(await q('audience=merchants')).toEqual([]);
    expect(await q('from=2026-12-01&to=2026-12-31')).toEqual([]);
    expect(await q('from=2026-11-11&to=2026-11-11')).toEqual(['summit']);
    const bad = await h.app.inject({ url: '/api/campaigns?kind=party' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('kind.0');
  });

  it('counts distinct viewers per day with a signed visitor cookie; a reload does not inflate it', async () => {
    const view = (cookie?: string, ip = '198.51.100.1') =>
      h.app.inject({
        method: 'POST',
        url: '/api/campaigns/summit/views',
        remoteAddress: ip,
        headers: cookie ? { cookie } : {},
      });
    // A first POST without the cookie gets a signed one and counts nothing.
    const first = await view();
    expect(first.json()).toEqual({ viewCount: 0, counted: false });
    const vid = first.cookies.find((c) => c.name === 'carnival_vid')!;
    expect(vid.httpOnly).toBe(true);
    expect(vid.value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const counted = await view(`carnival_vid=${vid.value}`);
    expect(counted.json()).toEqual({ viewCount: 1, counted: true });
    expect(counted.cookies).toHaveLength(0);
    const reload = await view(`carnival_vid=${vid.value}`);
    expect(reload.json()).toEqual({ viewCount: 1, counted: false });
    // Opening the event (GET) issues the cookie too, so the page's POST after it counts.
    const opened = await h.app.inject({ url: '/api/campaigns/summit', remoteAddress: '198.51.100.2' });
    const issued = opened.cookies.find((c) => c.name === 'carnival_vid')!;
    expect((await view(`carnival_vid=${issued.value}`, '198.51.100.2')).json()).toEqual({
      viewCount: 2,
      counted: true,
    });
    // A signed-in user counts as themself, once a day.
    expect((await view(consumer.cookie)).json()).toEqual({ viewCount: 3, counted: true });
    expect((await view(consumer.cookie)).json().viewCount).toBe(3);
    h.clock.advance(24 * 3600 * 1000); // the next day the same visitor counts again
    expect((await view(`carnival_vid=${vid.value}`)).json()).toEqual({ viewCount: 4, counted: true });
    expect((await h.app.inject({ method: 'POST', url: '/api/campaigns/nope/views' })).statusCode).toBe(404);
    h.clock.set('2026-11-01T00:00:00Z');
  });

  it('never counts a forged or unsigned visitor cookie', async () => {
    const before = (await h.app.inject({ url: '/api/campaigns/summit' })).json().campaign.viewCount;
    const real = (await h.app.inject({ url: '/api/campaigns/summit' })).cookies[0]!.value;
    const [id, sig] = real.split('.');
    const flipped = `${sig![0] === 'A' ? 'B' : 'A'}${sig!.slice(1)}`;
    for (const forged of [
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', // the old unsigned form
      `${id}`,
      `${id}.${flipped}`,
      `BBBBBBBBBBBBBBBBBBBBBB.${sig}`,
      `${id}.${sig}.x`,
    ]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/campaigns/summit/views',
        remoteAddress: '198.51.100.9',
        headers: { cookie: `carnival_vid=${forged}` },
      });
      expect(res.json()).toEqual({ viewCount: before, counted: false });
      // It is replaced by a genuine one, which would count next time.
      expect(res.cookies.find((c) => c.name === 'carnival_vid')?.value).not.toBe(forged);
    }
  });

  it('counts at most 5 new visitors per IP and day', async () => {
    const ip = '192.0.2.77';
    const before = (await h.app.inject({ url: '/api/campaigns/summit' })).json().campaign.viewCount;
    const results: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const cookie = (await h.app.inject({ url: '/api/campaigns/summit', remoteAddress: ip })).cookies[0]!
        .value;
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/campaigns/summit/views',
        remoteAddress: ip,
        headers: { cookie: `carnival_vid=${cookie}` },
      });
      results.push(res.json().counted);
    }
    expect(results).toEqual([true, true, true, true, true, false, false, false]);
    const after = (await h.app.inject({ url: '/api/campaigns/summit' })).json().campaign.viewCount;
    expect(after).toBe(before + 5);
    // Another address is not held back by that one; signed-in users are not capped by IP.
    const other = (await h.app.inject({ url: '/api/campaigns/summit', remoteAddress: '192.0.2.78' }))
      .cookies[0]!;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/campaigns/summit/views',
      remoteAddress: '192.0.2.78',
      headers: { cookie: `carnival_vid=${other.value}` },
    });
    expect(res.json().counted).toBe(true);
    const user = await h.signIn('consumer');
    const signedIn = await h.app.inject({
      method: 'POST',
      url: '/api/campaigns/summit/views',
      remoteAddress: ip,
      headers: { cookie: user.cookie },
    });
    expect(signedIn.json().counted).toBe(true);
  });

  it('exports iCalendar for an event and a series, and spawns the next edition', async () => {
    const series = await post('/api/series', op.cookie, {
      slug: 'apsara',
      name: { 'zh-CN': '云栖大会', 'en-US': 'Apsara Conference' },
      rrule: 'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=10',
      timezone: 'Asia/Shanghai',
    });
    expect(series.statusCode).toBe(201);
    const seriesId = series.json().series.id;
    const badRule = await post('/api/series', op.cookie, {
      slug: 'bad',
      name: { 'zh-CN': 'x', 'en-US': 'x' },
      rrule: 'FREQ=SOMETIMES',
    });
    expect(errorOf(badRule).details?.field).toBe('rrule');
    const empty = await post(`/api/series/${seriesId}/spawn`, op.cookie, {});
    expect(empty.statusCode).toBe(422);

    const first = await post(
      '/api/campaigns',
      op.cookie,
      draft({
        slug: 'apsara-2026',
        seriesId,
        title: { 'zh-CN': '2026 云栖大会', 'en-US': '2026 Apsara Conference' },
      }),
    );
    expect(first.json().campaign.edition).toBe(1);
    // Only a published edition is copied: the draft alone is not yet something to spawn from.
    const fromDraft = await post(`/api/series/${seriesId}/spawn`, op.cookie, {});
    expect(fromDraft.statusCode).toBe(422);
    expect(errorOf(fromDraft).code).toBe('SERIES_EMPTY');
    await post(`/api/campaigns/${first.json().campaign.id}/transitions`, op.cookie, { to: 'in_review' });
    await post(`/api/campaigns/${first.json().campaign.id}/transitions`, op.cookie, { to: 'published' });
    const denied = await post(`/api/series/${seriesId}/spawn`, organizer.cookie, {});
    expect(denied.statusCode).toBe(403);
    const spawned = await post(`/api/series/${seriesId}/spawn`, op.cookie, {});
    expect(spawned.statusCode).toBe(201);
    const next = spawned.json().campaign;
    expect(next).toMatchObject({
      slug: 'apsara-2027',
      status: 'draft',
      edition: 2,
      startsAt: '2027-11-10T20:00:00+08:00',
      endsAt: '2027-11-20T00:00:00+08:00',
      title: { 'zh-CN': '2027 云栖大会', 'en-US': '2027 Apsara Conference' },
    });
    expect(next.phases[1]).toMatchObject({ key: 'main', startsAt: '2027-11-11T00:00:00+08:00' });

    const ics = await h.app.inject({ url: '/api/campaigns/summit/ical?locale=en-US' });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT\r\n');
    expect(ics.body).toContain('DTSTART:20261110T120000Z');
    expect(ics.body).toContain('SUMMARY:2026 Apsara Conference\r\n');
    expect(ics.body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const sics = await h.app.inject({ url: `/api/series/${seriesId}/ical` });
    expect(sics.body).toContain('RRULE:FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=10');
    expect(sics.body).toContain('DTSTART;TZID=Asia/Shanghai:20261110T200000');
    expect((await h.app.inject({ url: '/api/series/ser_nope/ical' })).statusCode).toBe(404);
  });

  it('serves the OpenAPI document and /healthz', async () => {
    const doc = await h.app.inject({ url: '/docs/json' });
    const paths = doc.json().paths;
    expect(paths['/api/campaigns'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CampaignPage',
    });
    // iCalendar answers are text, not JSON; their failures stay the JSON error envelope.
    for (const ical of ['/api/campaigns/{id}/ical', '/api/series/{id}/ical']) {
      const responses = paths[ical].get.responses;
      expect(Object.keys(responses['200'].content)).toEqual(['text/calendar']);
      expect(responses['200'].content['text/calendar'].schema.type).toBe('string');
      expect(Object.keys(responses['4XX'].content)).toEqual(['application/json']);
    }
    expect((await h.app.inject({ url: '/healthz' })).json().status).toBe('ok');
  });
});

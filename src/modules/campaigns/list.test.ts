import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { seedHubEvents } from '../../../test/support/hub-seed';
import { type CampaignStatus, PUBLIC_STATUSES } from './model';
import { MAX_LIST_OFFSET } from './schemas';
import { parseQuery, searchableText } from './search';
import { effectiveStatus } from './status';
import { TOTAL_CAP } from './store';

/**
 * The indexed list (migration 0014) against a reference written the way the old code worked:
 * one ORDER BY over every match, and the substring test over the text stored spaced and
 * compact. Enough events that the count passes its cap.
 */
const NOW = '2026-12-02T04:00:00Z';
const now = new Date(NOW);

interface Ref {
  id: string;
  status: CampaignStatus;
  startsAt: number;
  endsAt: number;
  /** The search text as the old code stored it: spaced, then compact. */
  oldText: string;
}

/** The old ORDER BY: not ended first, those by start ascending; then ended by start descending; id. */
function oldOrder(a: Ref, b: Ref): number {
  const endedA = a.endsAt <= now.getTime() ? 1 : 0;
  const endedB = b.endsAt <= now.getTime() ? 1 : 0;
  if (endedA !== endedB) return endedA - endedB;
  if (!endedA && a.startsAt !== b.startsAt) return a.startsAt - b.startsAt;
  if (a.startsAt !== b.startsAt) return b.startsAt - a.startsAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function oldMatch(text: string, q: string): boolean {
  const p = parseQuery(q);
  if (!p) return true;
  return text.includes(p.compact) || p.terms.every((t) => text.includes(t));
}

describe.each(testDatabaseTargets())('the hub list at scale on $kind', (target) => {
  let h: Harness;
  let op: { cookie: string };
  let refs: Ref[];

  beforeAll(async () => {
    h = await createHarness(await target.open(), NOW);
    op = await h.signIn('operator');
    await seedHubEvents(h.ctx.db, { count: 1400, now, seed: 7 });
    // Ties on the start, live and ended, so the id decides: the order must still be the old one.
    const tied = await h.ctx.db.selectFrom('campaigns').select('id').orderBy('id').limit(40).execute();
    await h.ctx.db
      .updateTable('campaigns')
      .set({ starts_at: new Date('2026-12-01T00:00:00Z'), ends_at: new Date('2026-12-05T00:00:00Z') })
      .where(
        'id',
        'in',
        tied.slice(0, 20).map((r) => r.id),
      )
      .execute();
    await h.ctx.db
      .updateTable('campaigns')
      .set({ starts_at: new Date('2025-06-18T00:00:00Z'), ends_at: new Date('2025-06-19T00:00:00Z') })
      .where(
        'id',
        'in',
        tied.slice(20).map((r) => r.id),
      )
      .execute();
    await sql`ANALYZE campaigns`.execute(h.ctx.db);
    const rows = await h.ctx.db
      .selectFrom('campaigns')
      .select([
        'id',
        'slug',
        'workflow_status',
        'starts_at',
        'ends_at',
        'title',
        'summary',
        'body',
        'organizer_name',
      ])
      .execute();
    refs = rows.map((r) => {
      const text = searchableText({ ...r, organizer: { name: r.organizer_name } });
      const startsAt = new Date(r.starts_at);
      const endsAt = new Date(r.ends_at);
      return {
        id: r.id,
        status: effectiveStatus(r.workflow_status, startsAt, endsAt, now),
        startsAt: startsAt.getTime(),
        endsAt: endsAt.getTime(),
        oldText: `${text} ${text.replace(/ /g, '')}`,
      };
    });
  }, 120_000);
  afterAll(() => h?.close());

  /** Every page of a list, `limit` at a time. */
  async function all(path: string, params: Record<string, string>, cookie?: string, limit = 500) {
    const ids: string[] = [];
    let first: { total: number; totalCapped: boolean } | undefined;
    for (let offset = 0; ; offset += limit) {
      const qs = new URLSearchParams({ ...params, limit: String(limit), offset: String(offset) });
      const res = await h.app.inject({ url: `${path}?${qs}`, headers: cookie ? { cookie } : {} });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      first ??= { total: page.total, totalCapped: page.totalCapped };
      ids.push(...page.items.map((c: { id: string }) => c.id));
      if (page.items.length < limit) break;
    }
    return { ids, ...first! };
  }

  const expected = (statuses: readonly CampaignStatus[], q?: string) =>
    refs
      .filter((r) => statuses.includes(r.status) && (q === undefined || oldMatch(r.oldText, q)))
      .sort(oldOrder)
      .map((r) => r.id);

  it('lists live and upcoming soonest first, then ended newest first, page after page', async () => {
    const want = expected(PUBLIC_STATUSES);
    expect(want.length).toBeGreaterThan(TOTAL_CAP);
    for (const limit of [500, 37])
      expect((await all('/api/campaigns', {}, undefined, limit)).ids).toEqual(want);
    // Drafts, reviews and archived events take their window's place in the console.
    const managed = await all('/api/manage/campaigns', {}, op.cookie);
    expect(managed.ids).toEqual(expected(['draft', 'in_review', 'published', 'live', 'ended', 'archived']));
  });

  it.each([['live'], ['published'], ['ended'], ['live,ended'], ['published,live']])(
    'keeps the order for status=%s',
    async (status) => {
      const got = await all('/api/campaigns', { status });
      expect(got.ids).toEqual(expected(status.split(',') as CampaignStatus[]));
    },
  );

  it('keeps the order for the console’s held statuses mixed with published ones', async () => {
    const got = await all('/api/manage/campaigns', { status: 'draft,live,archived' }, op.cookie);
    expect(got.ids).toEqual(expected(['draft', 'live', 'archived']));
  });

  it('caps the count at 1000 and says so; counts exactly below it', async () => {
    const res = await h.app.inject({ url: '/api/campaigns?limit=5' });
    expect(res.json()).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    const ended = expected(['live']).length;
    expect((await h.app.inject({ url: '/api/campaigns?status=live&limit=1' })).json()).toMatchObject({
      total: ended,
      totalCapped: false,
    });
  });

  it('lists rows without the body, which the event page still has', async () => {
    const item = (await h.app.inject({ url: '/api/campaigns?limit=1' })).json().items[0];
    expect(item).not.toHaveProperty('body');
    expect(item).not.toHaveProperty('ownerId');
    expect(item.title['zh-CN']).toBeTruthy();
    const page = (await h.app.inject({ url: `/api/campaigns/${item.slug}` })).json().campaign;
    expect(page.body['zh-CN']).toBeTruthy();
  });

  it('refuses an offset past the bound (400), and accepts the bound', async () => {
    expect((await h.app.inject({ url: `/api/campaigns?offset=${MAX_LIST_OFFSET + 1}` })).statusCode).toBe(
      400,
    );
    const last = await h.app.inject({ url: `/api/campaigns?offset=${MAX_LIST_OFFSET}` });
    expect(last.json()).toMatchObject({ items: [], total: TOTAL_CAP, totalCapped: true });
  });

  it.each([
    '双十一',
    '双11',
    'Double 11',
    'double11',
    'ＤＯＵＢＬＥ　１１',
    '11.11',
    'Singles Day',
    '618',
    '六一八',
    'apsara',
    '云栖',
    '公益',
    'charity',
    '丰收',
    'harvest',
    '杭州 美妆',
    'festival double',
    'summit hangzhou',
    '节',
    '第3',
    'ai',
    'a',
    '11',
    '%',
    '_',
    '50%',
    'a_b',
    '. .',
    '...',
    '：',
    "'",
    "a'",
    '\\',
    '\\&',
    ':*',
    '!',
    '(',
    'xyzzy',
    '不存在的活动',
  ])('finds exactly what the old search found for %j, in the same order', async (q) => {
    const want = expected(PUBLIC_STATUSES, q);
    const got = await all('/api/campaigns', { q });
    expect(got.ids).toEqual(want);
    expect(got.total).toBe(Math.min(want.length, TOTAL_CAP));
    expect(got.totalCapped).toBe(want.length > TOTAL_CAP);
  });

  it('keeps the calendar window: events overlapping it, also when it is reversed or one-sided', async () => {
    const overlapping = (from: number, to: number) =>
      expected(PUBLIC_STATUSES).filter((id) => {
        const r = refs.find((x) => x.id === id)!;
        return r.endsAt > from && r.startsAt < to;
      });
    const day = (d: string) => Date.parse(`${d}T23:59:59.999Z`);
    const cases: [Record<string, string>, number, number][] = [
      [{ from: '2026-11-01', to: '2026-12-31' }, Date.parse('2026-11-01'), day('2026-12-31')],
      [{ from: '2026-12-31', to: '2026-12-01' }, Date.parse('2026-12-31'), day('2026-12-01')],
      [{ from: '2026-12-01', to: '2026-12-01' }, Date.parse('2026-12-01'), day('2026-12-01')],
      [{ from: '2027-06-01' }, Date.parse('2027-06-01'), Number.POSITIVE_INFINITY],
      [{ to: '2019-06-01' }, Number.NEGATIVE_INFINITY, day('2019-06-01')],
    ];
    for (const [params, from, to] of cases)
      expect((await all('/api/campaigns', params)).ids, JSON.stringify(params)).toEqual(
        overlapping(from, to),
      );
  });

  it('searches with filters and statuses together', async () => {
    const got = await all('/api/campaigns', { q: '公益', status: 'ended', kind: 'public_welfare' });
    const kinds = new Map(
      (await h.ctx.db.selectFrom('campaigns').select(['id', 'kind']).execute()).map((r) => [r.id, r.kind]),
    );
    expect(got.ids).toEqual(expected(['ended'], '公益').filter((id) => kinds.get(id) === 'public_welfare'));
    expect(got.ids.length).toBeGreaterThan(0);
  });
});

import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import { escapeLike } from '../../platform/db/like';
import type { DB } from '../../schema';
import type { Campaign, CampaignStatus, CampaignSummary, Series, WorkflowStatus } from './model';
import type { CampaignListQuery } from './schemas';
import { gramsQuery, parseQuery, termStrategy } from './search';
import { currentPhase, effectiveStatus } from './status';
import type { CampaignSeriesTable, CampaignsTable } from './tables';
import { toZonedIso } from './zoned-time';

/** The columns of an event as the API shows it: everything but the search columns. */
export const CAMPAIGN_COLUMNS = [
  'id',
  'slug',
  'kind',
  'audiences',
  'workflow_status',
  'title',
  'summary',
  'body',
  'theme',
  'organizer_name',
  'owner_id',
  'timezone',
  'starts_at',
  'ends_at',
  'phases',
  'series_id',
  'edition',
  'view_count',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CampaignsTable)[];

/** A list row: the event without its long body (up to 40,000 characters), which lists never show. */
export const LIST_COLUMNS = CAMPAIGN_COLUMNS.filter((c) => c !== 'body') as Exclude<
  (typeof CAMPAIGN_COLUMNS)[number],
  'body'
>[];

export type CampaignRow = Pick<Selectable<CampaignsTable>, (typeof CAMPAIGN_COLUMNS)[number]>;
export type CampaignListRow = Omit<CampaignRow, 'body'>;

export function toCampaignSummary(row: CampaignListRow, now: Date): CampaignSummary {
  const startsAt = new Date(row.starts_at);
  const endsAt = new Date(row.ends_at);
  const tz = row.timezone;
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    audiences: row.audiences,
    status: effectiveStatus(row.workflow_status, startsAt, endsAt, now),
    title: row.title,
    summary: row.summary,
    theme: row.theme,
    organizer: { name: row.organizer_name },
    ownerId: row.owner_id,
    timezone: tz,
    startsAt: toZonedIso(startsAt, tz),
    endsAt: toZonedIso(endsAt, tz),
    phases: row.phases,
    currentPhase: row.workflow_status === 'published' ? currentPhase(row.phases, now) : null,
    seriesId: row.series_id,
    edition: row.edition,
    viewCount: Number(row.view_count),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function toCampaign(row: CampaignRow, now: Date): Campaign {
  return { ...toCampaignSummary(row, now), body: row.body };
}

export function toSeries(
  row: Selectable<CampaignSeriesTable>,
  stats: { latestCampaignId: string | null; editions: number },
): Series {
  return { id: row.id, slug: row.slug, name: row.name, rrule: row.rrule, timezone: row.timezone, ...stats };
}

type CampaignEb = ExpressionBuilder<DB, 'campaigns'>;

/**
 * The hub's order, as three groups each read from an index in its own order, one after the
 * other until the page is full (migration 0014): live events (their window holds now; few at
 * any moment, from the GiST window index) and upcoming ones soonest first, then ended ones
 * newest first. Live ones
 * all start before upcoming ones, so the three in a row are the old single ORDER BY. Each
 * group is tied to the displayed status a published event has in it; events in the other
 * workflow statuses (the console) fall into the group of their window.
 */
interface Group {
  status: 'live' | 'published' | 'ended';
  window: (eb: CampaignEb, now: Date) => Expression<SqlBool>;
  order: 'asc' | 'desc';
}

const GROUPS: readonly Group[] = [
  {
    status: 'live',
    window: (_eb, now) => sql<SqlBool>`tstzrange(starts_at, ends_at) @> ${now}::timestamptz`,
    order: 'asc',
  },
  { status: 'published', window: (eb, now) => eb('starts_at', '>', now), order: 'asc' },
  {
    status: 'ended',
    // starts_at < now follows from starts_at < ends_at <= now; it lets the newest-first scan
    // begin at now instead of walking past every upcoming event first.
    window: (eb, now) => eb.and([eb('ends_at', '<=', now), eb('starts_at', '<', now)]),
    order: 'desc',
  },
];

const HELD_STATUSES = ['draft', 'in_review', 'archived'] as const satisfies readonly WorkflowStatus[];

/**
 * A literal, not a parameter: the partial indexes (WHERE workflow_status = 'published') are
 * chosen only when the planner can see the value. The values are the fixed enum.
 */
function workflowIn(statuses: readonly WorkflowStatus[]): RawBuilder<SqlBool> {
  return statuses.length === 1
    ? sql<SqlBool>`workflow_status = ${sql.lit(statuses[0])}`
    : sql<SqlBool>`workflow_status in (${sql.join(statuses.map((s) => sql.lit(s)))})`;
}

/** The workflow statuses whose events are shown in `group` when `statuses` are asked for. */
function workflowsIn(group: Group, statuses: readonly CampaignStatus[]): WorkflowStatus[] {
  const out: WorkflowStatus[] = HELD_STATUSES.filter((s) => statuses.includes(s));
  if (statuses.includes(group.status)) out.unshift('published');
  return out;
}

/** The SQL twin of effectiveStatus() for a set of shown statuses, as few conditions as it takes. */
function scopeCondition(eb: CampaignEb, statuses: readonly CampaignStatus[], now: Date): Expression<SqlBool> {
  const whole: WorkflowStatus[] = HELD_STATUSES.filter((s) => statuses.includes(s));
  const published = GROUPS.filter((g) => statuses.includes(g.status));
  const arms: Expression<SqlBool>[] = [];
  if (published.length === GROUPS.length) whole.unshift('published');
  else for (const g of published) arms.push(eb.and([workflowIn(['published']), g.window(eb, now)]));
  if (whole.length) arms.unshift(workflowIn(whole));
  return arms.length ? eb.or(arms) : sql<SqlBool>`false`;
}

/** One term of a query, as the index strategy of search.ts finds it; always the exact test. */
function termCondition(eb: CampaignEb, term: string): Expression<SqlBool> {
  const s = termStrategy(term);
  const like = eb('search_text', 'like', `%${escapeLike(term)}%`);
  if (s.kind === 'trigram') return like;
  if (s.kind === 'gram') return sql<SqlBool>`search_grams @@ ${gramsQuery([s.term])}::tsquery`;
  return eb.and([sql<SqlBool>`search_grams @@ ${gramsQuery(s.grams)}::tsquery`, like]);
}

export interface ListScope {
  statuses: readonly CampaignStatus[];
  ownerId?: string;
}

/** Past this many matches the list says "1000+" instead of counting every row (`totalCapped`). */
export const TOTAL_CAP = 1000;

export interface CampaignPage {
  items: CampaignSummary[];
  /** Matching events, counted up to TOTAL_CAP. */
  total: number;
  /** True when more than `total` (= TOTAL_CAP) events match. */
  totalCapped: boolean;
}

export async function listCampaigns(
  db: Kysely<DB>,
  query: CampaignListQuery,
  scope: ListScope,
  now: Date,
): Promise<CampaignPage> {
  let q = db.selectFrom('campaigns');
  if (scope.ownerId) q = q.where('owner_id', '=', scope.ownerId);
  if (query.kind?.length) q = q.where('kind', 'in', query.kind);
  // Overlap (&&) so an event for developers and partners shows under either filter.
  if (query.audience?.length) q = q.where(sql<SqlBool>`audiences && ${sql.val(query.audience)}::text[]`);
  const from = query.from ? new Date(query.from) : null;
  const to = query.to ? endOfDayIfDate(query.to) : null;
  if (from) q = q.where('ends_at', '>', from);
  if (to) q = q.where('starts_at', '<', to);
  // The same window as an overlap the GiST window index answers: a month of the calendar is a
  // few hundred events, which neither B-tree on starts_at nor one on ends_at can bound alone.
  // (A reversed window is no range; the two conditions above still answer it.)
  if ((from || to) && !(from && to && from >= to))
    q = q.where(
      sql<SqlBool>`tstzrange(starts_at, ends_at) && tstzrange(${from}::timestamptz, ${to}::timestamptz)`,
    );
  if (query.seriesId) q = q.where('series_id', '=', query.seriesId);
  const parsed = query.q ? parseQuery(query.q) : null;
  if (parsed) {
    // "compact or every term": the compact form contains every term, so a text containing it
    // contains them all, and the condition is every term alone. Longest first, so a row read in
    // index order fails on the rarest term before testing the others.
    const terms = [...new Set(parsed.terms)].sort((a, b) => b.length - a.length);
    q = q.where((eb) => eb.and(terms.map((t) => termCondition(eb, t))));
  }
  const groups = GROUPS.flatMap((g) => {
    const workflows = workflowsIn(g, scope.statuses);
    return workflows.length ? [{ g, workflows }] : [];
  });
  if (groups.length === 0) return { items: [], total: 0, totalCapped: false };

  // The page: each group in turn gives the keys still needed, in its order, and a later group
  // is not read once the page is full (a common term's upcoming events fill the first page, so
  // the ended ones are never scanned). Then only the page's rows are read whole.
  const upTo = query.offset + query.limit;
  async function page(): Promise<CampaignListRow[]> {
    const keys: string[] = [];
    for (const { g, workflows } of groups) {
      const need = upTo - keys.length;
      if (need <= 0) break;
      const rows = await q
        .select('id')
        .where(workflowIn(workflows))
        .where((eb) => g.window(eb, now))
        .orderBy('starts_at', g.order)
        .orderBy('id')
        .limit(need)
        .execute();
      for (const r of rows) keys.push(r.id);
    }
    const ids = keys.slice(query.offset, upTo);
    if (ids.length === 0) return [];
    const rows = await db.selectFrom('campaigns').select(LIST_COLUMNS).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  // Unordered, so any plan stops at the cap: a search index's matches, or a scan of the rows
  // when a filter keeps most of them.
  const counted = db
    .selectFrom(
      q
        .select(sql.lit(1).as('one'))
        .where((eb) => scopeCondition(eb, scope.statuses, now))
        .limit(TOTAL_CAP + 1)
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'));
  const [rows, count] = await Promise.all([page(), counted.executeTakeFirstOrThrow()]);
  const n = Number(count.n);
  return {
    items: rows.map((r) => toCampaignSummary(r, now)),
    total: Math.min(n, TOTAL_CAP),
    totalCapped: n > TOTAL_CAP,
  };
}

/** A bare date as `to` means "through the end of that day" (UTC). */
function endOfDayIfDate(v: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T23:59:59.999Z`) : new Date(v);
}

/** By id or slug. Every id has an underscore (`cmp_…`); without one only a slug can match. */
export const findCampaign = (db: Kysely<DB>, idOrSlug: string) =>
  db
    .selectFrom('campaigns')
    .select(CAMPAIGN_COLUMNS)
    .where((eb) =>
      idOrSlug.includes('_')
        ? eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])
        : eb('slug', '=', idOrSlug),
    )
    .executeTakeFirst();

export async function seriesStats(db: Kysely<DB>, seriesId: string) {
  const latest = await db
    .selectFrom('campaigns')
    .select(['id', 'edition'])
    .where('series_id', '=', seriesId)
    .orderBy('edition', 'desc')
    .limit(1)
    .executeTakeFirst();
  const count = await db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('series_id', '=', seriesId)
    .executeTakeFirstOrThrow();
  return { latestCampaignId: latest?.id ?? null, editions: Number(count.n) };
}

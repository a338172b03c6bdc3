import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import { escapeLike } from '../../platform/db/like';
import type { DB } from '../../schema';
import type { Campaign, CampaignStatus, Series } from './model';
import type { CampaignListQuery } from './schemas';
import { parseQuery } from './search';
import { currentPhase, effectiveStatus } from './status';
import type { CampaignSeriesTable, CampaignsTable } from './tables';
import { toZonedIso } from './zoned-time';

export type CampaignRow = Selectable<CampaignsTable>;

export function toCampaign(row: CampaignRow, now: Date): Campaign {
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
    body: row.body,
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

export function toSeries(
  row: Selectable<CampaignSeriesTable>,
  stats: { latestCampaignId: string | null; editions: number },
): Series {
  return { id: row.id, slug: row.slug, name: row.name, rrule: row.rrule, timezone: row.timezone, ...stats };
}

type CampaignEb = ExpressionBuilder<DB, 'campaigns'>;

/** The SQL twin of effectiveStatus(): one status as a condition on stored columns and now. */
function statusCondition(eb: CampaignEb, status: CampaignStatus, now: Date): Expression<SqlBool> {
  switch (status) {
    case 'live':
      return eb.and([
        eb('workflow_status', '=', 'published'),
        eb('starts_at', '<=', now),
        eb('ends_at', '>', now),
      ]);
    case 'ended':
      return eb.and([eb('workflow_status', '=', 'published'), eb('ends_at', '<=', now)]);
    case 'published':
      return eb.and([eb('workflow_status', '=', 'published'), eb('starts_at', '>', now)]);
    default:
      return eb('workflow_status', '=', status);
  }
}

export interface ListScope {
  statuses: readonly CampaignStatus[];
  ownerId?: string;
}

export async function listCampaigns(db: Kysely<DB>, query: CampaignListQuery, scope: ListScope, now: Date) {
  let q = db.selectFrom('campaigns');
  q = q.where((eb) => eb.or(scope.statuses.map((s) => statusCondition(eb, s, now))));
  if (scope.ownerId) q = q.where('owner_id', '=', scope.ownerId);
  if (query.kind?.length) q = q.where('kind', 'in', query.kind);
  // Overlap (&&) so an event for developers and partners shows under either filter.
  if (query.audience?.length) q = q.where(sql<SqlBool>`audiences && ${sql.val(query.audience)}::text[]`);
  if (query.from) q = q.where('ends_at', '>', new Date(query.from));
  if (query.to) q = q.where('starts_at', '<', endOfDayIfDate(query.to));
  if (query.seriesId) q = q.where('series_id', '=', query.seriesId);
  const parsed = query.q ? parseQuery(query.q) : null;
  if (parsed) {
    q = q.where((eb) =>
      eb.or([
        eb('search_text', 'like', `%${escapeLike(parsed.compact)}%`),
        eb.and(parsed.terms.map((t) => eb('search_text', 'like', `%${escapeLike(t)}%`))),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    // What a visitor wants first: live and upcoming events soonest first, then ended ones newest first.
    q
      .selectAll()
      .orderBy(sql`ends_at <= ${now}`)
      .orderBy(sql`case when ends_at > ${now} then starts_at end`, (ob) => ob.asc().nullsLast())
      .orderBy('starts_at', 'desc')
      .orderBy('id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toCampaign(r, now)), total: Number(count.n) };
}

/** A bare date as `to` means "through the end of that day" (UTC). */
function endOfDayIfDate(v: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T23:59:59.999Z`) : new Date(v);
}

export const findCampaign = (db: Kysely<DB>, idOrSlug: string) =>
  db
    .selectFrom('campaigns')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
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

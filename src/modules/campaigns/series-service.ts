import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { forbidden, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { asConflict, draftOf } from './drafts';
import { type Campaign, type CampaignDraft, PUBLIC_STATUSES, type Series } from './model';
import { nextEditionDraft, rruleError } from './recurrence';
import { isValidTimeZone } from './schedule';
import { CAMPAIGN_COLUMNS, seriesStats, toCampaign, toSeries } from './store';

export interface SeriesDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** The campaign service's create: a spawned edition is created like any other draft. */
  createCampaign: (actor: Actor, draft: CampaignDraft, extra: { edition?: number }) => Promise<Campaign>;
  uniqueSlug: (base: string) => Promise<string>;
}

/** Recurring series (Double 11 every year, 618 every June): create, read, and spawn the next edition. */
export function createSeriesService({ db, clock, createCampaign, uniqueSlug }: SeriesDeps) {
  async function createSeries(
    actor: Actor,
    input: { slug: string; name: Campaign['title']; rrule: string; timezone: string },
  ): Promise<Series> {
    if (actor.role !== 'operator') throw forbidden();
    const err = rruleError(input.rrule);
    if (err) throw unprocessable('INVALID_RRULE', `rrule: ${err}`, { field: 'rrule' });
    if (!isValidTimeZone(input.timezone))
      throw unprocessable('INVALID_TIME_ZONE', 'timezone: not an IANA time zone', { field: 'timezone' });
    try {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('campaign_series')
          .values({
            id: newId('ser'),
            slug: input.slug,
            name: JSON.stringify(input.name),
            rrule: input.rrule,
            timezone: input.timezone,
            owner_id: actor.userId,
            created_at: clock.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, {
          actor,
          action: 'series.create',
          entityType: 'series',
          entityId: inserted.id,
          after: input,
        });
        return inserted;
      });
      return toSeries(row, { latestCampaignId: null, editions: 0 });
    } catch (e) {
      throw asConflict(e);
    }
  }

  async function listSeries(): Promise<Series[]> {
    const rows = await db.selectFrom('campaign_series').selectAll().orderBy('slug').execute();
    return Promise.all(rows.map(async (r) => toSeries(r, await seriesStats(db, r.id))));
  }

  async function getSeries(id: string): Promise<{ series: Series; editions: Campaign[] }> {
    const row = await db
      .selectFrom('campaign_series')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', id), eb('slug', '=', id)]))
      .executeTakeFirst();
    if (!row) throw notFound('Series', id);
    const now = clock.now();
    const editions = (
      await db
        .selectFrom('campaigns')
        .select(CAMPAIGN_COLUMNS)
        .where('series_id', '=', row.id)
        .orderBy('edition')
        .execute()
    ).map((c) => toCampaign(c, now));
    return {
      series: toSeries(row, await seriesStats(db, row.id)),
      editions: editions.filter((c) => PUBLIC_STATUSES.includes(c.status)),
    };
  }

  /**
   * The next edition of a series: a draft copying the latest *published* edition (never a draft
   * or a rejected proposal, which may hold anything), moved to the next occurrence and numbered
   * after every edition so far.
   */
  async function spawnNext(actor: Actor, seriesId: string): Promise<Campaign> {
    if (actor.role !== 'operator') throw forbidden('Only operators spawn editions');
    const series = await db
      .selectFrom('campaign_series')
      .selectAll()
      .where('id', '=', seriesId)
      .executeTakeFirst();
    if (!series) throw notFound('Series', seriesId);
    const latest = await db
      .selectFrom('campaigns')
      .select(CAMPAIGN_COLUMNS)
      .where('series_id', '=', seriesId)
      .where('workflow_status', '=', 'published')
      .orderBy('edition', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!latest)
      throw unprocessable(
        'SERIES_EMPTY',
        'The series has no published edition to copy yet; create and publish the first one',
        { field: 'seriesId' },
      );
    const last = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.max('edition').as('edition'))
      .where('series_id', '=', seriesId)
      .executeTakeFirstOrThrow();
    const next = nextEditionDraft(draftOf(toCampaign(latest, clock.now())), series.rrule);
    if (!next)
      throw unprocessable('SERIES_FINISHED', 'The recurrence rule has no further occurrence', {
        field: 'rrule',
      });
    const slug = await uniqueSlug(next.slug);
    return createCampaign(actor, { ...next, slug, seriesId }, { edition: Number(last.edition ?? 0) + 1 });
  }

  return { createSeries, listSeries, getSeries, spawnNext };
}

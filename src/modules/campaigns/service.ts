import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import {
  CAMPAIGN_STATUSES,
  type Campaign,
  type CampaignDraft,
  type CampaignStatus,
  PUBLIC_STATUSES,
  type Series,
} from './model';
import { nextEditionDraft, rruleError } from './recurrence';
import { isValidTimeZone, validateSchedule } from './schedule';
import type { CampaignListQuery } from './schemas';
import { buildSearchText, slugify } from './search';
import { checkTransition, OWNER_EDITABLE } from './status';
import { type CampaignRow, findCampaign, listCampaigns, seriesStats, toCampaign, toSeries } from './store';
import { localDate } from './zoned-time';

export interface CampaignsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Wakes the outbox relay after a commit that recorded events. */
  onEventsRecorded?: () => void;
}

const MANAGER_ROLES = ['operator', 'organizer'] as const;

function assertSchedule(draft: CampaignDraft) {
  const issues = validateSchedule(draft);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw unprocessable(first.code, `${first.field}: ${first.message}`, { field: first.field, issues });
  }
}

function rowValues(draft: CampaignDraft, slug: string) {
  return {
    slug,
    kind: draft.kind,
    audiences: draft.audiences,
    title: JSON.stringify(draft.title),
    summary: JSON.stringify(draft.summary),
    body: JSON.stringify(draft.body),
    theme: JSON.stringify(draft.theme),
    organizer_name: draft.organizer.name,
    timezone: draft.timezone,
    starts_at: new Date(draft.startsAt),
    ends_at: new Date(draft.endsAt),
    phases: JSON.stringify([...draft.phases].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))),
    search_text: buildSearchText({ ...draft, slug }),
  };
}

const draftOf = (c: Campaign): CampaignDraft & { slug: string } => ({
  slug: c.slug,
  kind: c.kind,
  audiences: c.audiences,
  title: c.title,
  summary: c.summary,
  body: c.body,
  theme: c.theme,
  organizer: c.organizer,
  timezone: c.timezone,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  phases: c.phases,
  seriesId: c.seriesId,
});

const isUniqueViolation = (e: unknown, constraint: string) =>
  String((e as Error)?.message ?? '').includes(constraint);

/** Turns a unique-index violation into the conflict a client can act on; anything else passes through. */
function asConflict(e: unknown): unknown {
  if (isUniqueViolation(e, 'campaigns_slug_key'))
    return conflict('SLUG_TAKEN', 'slug: another event uses it', { field: 'slug' });
  if (isUniqueViolation(e, 'campaigns_series_edition'))
    return conflict('EDITION_EXISTS', 'This edition of the series exists already', { field: 'seriesId' });
  if (isUniqueViolation(e, 'campaign_series_slug_key'))
    return conflict('SLUG_TAKEN', 'slug: another series uses it', { field: 'slug' });
  return e;
}

export function createCampaignsService({ db, clock, onEventsRecorded }: CampaignsDeps) {
  const afterCommit = () => onEventsRecorded?.();

  /** Public visitors see only what is published; managers see their own drafts too. */
  function canSee(row: CampaignRow, actor: Actor | null): boolean {
    const status = toCampaign(row, clock.now()).status;
    if (PUBLIC_STATUSES.includes(status)) return true;
    if (!actor) return false;
    return actor.role === 'operator' || (actor.role === 'organizer' && row.owner_id === actor.userId);
  }

  async function load(idOrSlug: string, actor: Actor | null): Promise<CampaignRow> {
    const row = await findCampaign(db, idOrSlug);
    if (!row || !canSee(row, actor)) throw notFound('Campaign', idOrSlug);
    return row;
  }

  async function uniqueSlug(base: string): Promise<string> {
    let slug = base;
    for (
      let n = 2;
      await db.selectFrom('campaigns').select('id').where('slug', '=', slug).executeTakeFirst();
      n++
    )
      slug = `${base}-${n}`;
    return slug;
  }

  async function assertSeries(seriesId: string | null | undefined) {
    if (!seriesId) return;
    const s = await db
      .selectFrom('campaign_series')
      .select('id')
      .where('id', '=', seriesId)
      .executeTakeFirst();
    if (!s) throw unprocessable('UNKNOWN_SERIES', 'seriesId: no such series', { field: 'seriesId' });
  }

  async function create(
    actor: Actor,
    draft: CampaignDraft,
    extra: { edition?: number } = {},
  ): Promise<Campaign> {
    if (!MANAGER_ROLES.includes(actor.role as (typeof MANAGER_ROLES)[number])) throw forbidden();
    assertSchedule(draft);
    await assertSeries(draft.seriesId);
    const slug = draft.slug ?? (await uniqueSlug(slugify(draft.title['en-US'])));
    const now = clock.now();
    let edition = extra.edition ?? null;
    if (draft.seriesId && edition === null) edition = (await seriesStats(db, draft.seriesId)).editions + 1;
    try {
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('campaigns')
          .values({
            id: newId('cmp'),
            ...rowValues(draft, slug),
            workflow_status: 'draft',
            owner_id: actor.userId,
            series_id: draft.seriesId ?? null,
            edition,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, {
          actor,
          action: 'campaign.create',
          entityType: 'campaign',
          entityId: inserted.id,
          after: draftOf(toCampaign(inserted, now)),
        });
        await recordEvent(trx, 'campaign.created', { campaignId: inserted.id, kind: inserted.kind }, clock);
        return inserted;
      });
      afterCommit();
      return toCampaign(row, now);
    } catch (e) {
      throw asConflict(e);
    }
  }

  async function update(
    actor: Actor,
    id: string,
    patch: Partial<CampaignDraft> & { version: number },
  ): Promise<Campaign> {
    const now = clock.now();
    try {
      const row = await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('campaigns')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before || !canSee(before, actor)) throw notFound('Campaign', id);
        const current = toCampaign(before, now);
        const isOwner = before.owner_id === actor.userId;
        if (
          actor.role !== 'operator' &&
          !(actor.role === 'organizer' && isOwner && OWNER_EDITABLE.includes(current.status))
        )
          throw forbidden('Only an operator can edit an event once it is published', {
            status: current.status,
          });
        if (current.status === 'archived')
          throw conflict('ARCHIVED', 'An archived event cannot be edited; restore it to draft first');
        if (before.version !== patch.version)
          throw conflict('VERSION_CONFLICT', 'Someone else changed this event; reload and edit again', {
            field: 'version',
            current: before.version,
          });
        const { version: _v, ...fields } = patch;
        const merged: CampaignDraft = { ...draftOf(current), ...fields };
        assertSchedule(merged);
        if (fields.seriesId !== undefined && fields.seriesId !== before.series_id)
          await assertSeries(fields.seriesId);
        const slug = fields.slug ?? before.slug;
        const updated = await trx
          .updateTable('campaigns')
          .set({
            ...rowValues(merged, slug),
            series_id: merged.seriesId ?? null,
            version: before.version + 1,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('version', '=', before.version)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, {
          actor,
          action: 'campaign.update',
          entityType: 'campaign',
          entityId: id,
          before: draftOf(current),
          after: draftOf(toCampaign(updated, now)),
        });
        await recordEvent(trx, 'campaign.updated', { campaignId: id, version: updated.version }, clock);
        return updated;
      });
      afterCommit();
      return toCampaign(row, now);
    } catch (e) {
      throw asConflict(e);
    }
  }

  async function transition(
    actor: Actor,
    id: string,
    to: CampaignStatus,
    reason?: string,
  ): Promise<Campaign> {
    const now = clock.now();
    const row = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('campaigns')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before || !canSee(before, actor)) throw notFound('Campaign', id);
      const from = toCampaign(before, now).status;
      const check = checkTransition(from, to, {
        role: actor.role,
        isOwner: before.owner_id === actor.userId,
      });
      if (!check.ok) {
        if (check.why === 'ROLE')
          throw forbidden(`Your role cannot move an event from ${from} to ${to}`, { from, to });
        if (check.why === 'FOLLOWS_CLOCK')
          throw unprocessable('STATUS_FOLLOWS_CLOCK', `${to} follows the clock and cannot be set by hand`, {
            field: 'to',
          });
        throw conflict('INVALID_TRANSITION', `An event cannot go from ${from} to ${to}`, {
          field: 'to',
          from,
          to,
        });
      }
      if (check.reasonRequired && !reason)
        throw new AppError('VALIDATION_FAILED', 'reason: is required for this change', 400, {
          field: 'reason',
        });
      if (to === 'published' && new Date(before.ends_at) <= now)
        throw unprocessable('ALREADY_OVER', 'An event that has ended cannot be published', {
          field: 'endsAt',
        });
      const updated = await trx
        .updateTable('campaigns')
        .set({
          workflow_status: to as 'draft' | 'in_review' | 'published' | 'archived',
          version: before.version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('campaign_transitions')
        .values({
          campaign_id: id,
          from_status: from,
          to_status: to,
          actor_id: actor.userId,
          actor_role: actor.role,
          reason: reason ?? null,
          at: now,
        })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: `campaign.${to}`,
        entityType: 'campaign',
        entityId: id,
        before: { status: from },
        after: { status: to },
        reason,
      });
      await recordEvent(trx, `campaign.${to}`, { campaignId: id, from, to, reason: reason ?? null }, clock);
      return updated;
    });
    afterCommit();
    return toCampaign(row, now);
  }

  async function transitions(actor: Actor | null, id: string) {
    const row = await load(id, actor);
    const rows = await db
      .selectFrom('campaign_transitions')
      .selectAll()
      .where('campaign_id', '=', row.id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      from: r.from_status as CampaignStatus,
      to: r.to_status as CampaignStatus,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      reason: r.reason,
      at: new Date(r.at).toISOString(),
    }));
  }

  function listPublic(query: CampaignListQuery) {
    const wanted = query.status?.length ? query.status : PUBLIC_STATUSES;
    const hidden = wanted.filter((s) => !PUBLIC_STATUSES.includes(s));
    if (hidden.length > 0)
      throw forbidden(`status ${hidden.join(',')} is visible only in the console`, { field: 'status' });
    return listCampaigns(db, query, { statuses: wanted }, clock.now());
  }

  function listManaged(actor: Actor, query: CampaignListQuery) {
    if (!MANAGER_ROLES.includes(actor.role as (typeof MANAGER_ROLES)[number])) throw forbidden();
    const statuses = query.status?.length ? query.status : CAMPAIGN_STATUSES;
    return listCampaigns(
      db,
      query,
      { statuses, ownerId: actor.role === 'operator' ? undefined : actor.userId },
      clock.now(),
    );
  }

  /**
   * Counts a distinct viewer once per local day (the event's time zone): the primary key of
   * campaign_views makes a reload a no-op, and the counter moves in the same transaction.
   */
  async function recordView(
    idOrSlug: string,
    viewer: string,
  ): Promise<{ viewCount: number; counted: boolean }> {
    const row = await load(idOrSlug, null);
    const day = localDate(clock.now(), row.timezone);
    return db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('campaign_views')
        .values({ campaign_id: row.id, day, viewer })
        .onConflict((oc) => oc.doNothing())
        .returning('viewer')
        .executeTakeFirst();
      if (!inserted) {
        const current = await trx
          .selectFrom('campaigns')
          .select('view_count')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow();
        return { viewCount: Number(current.view_count), counted: false };
      }
      const updated = await trx
        .updateTable('campaigns')
        .set((eb) => ({ view_count: eb('view_count', '+', 1) }))
        .where('id', '=', row.id)
        .returning('view_count')
        .executeTakeFirstOrThrow();
      return { viewCount: Number(updated.view_count), counted: true };
    });
  }

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
        .selectAll()
        .where('series_id', '=', row.id)
        .orderBy('edition')
        .execute()
    ).map((c) => toCampaign(c, now));
    return {
      series: toSeries(row, await seriesStats(db, row.id)),
      editions: editions.filter((c) => PUBLIC_STATUSES.includes(c.status)),
    };
  }

  /** The next edition of a series: a draft copying the latest edition, moved to the next occurrence. */
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
      .selectAll()
      .where('series_id', '=', seriesId)
      .orderBy('edition', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!latest)
      throw unprocessable('SERIES_EMPTY', 'The series has no edition to copy yet; create the first one', {
        field: 'seriesId',
      });
    const next = nextEditionDraft(draftOf(toCampaign(latest, clock.now())), series.rrule);
    if (!next)
      throw unprocessable('SERIES_FINISHED', 'The recurrence rule has no further occurrence', {
        field: 'rrule',
      });
    const slug = await uniqueSlug(next.slug);
    return create(actor, { ...next, slug, seriesId }, { edition: (latest.edition ?? 0) + 1 });
  }

  return {
    create,
    update,
    transition,
    transitions,
    listPublic,
    listManaged,
    get: async (idOrSlug: string, actor: Actor | null) =>
      toCampaign(await load(idOrSlug, actor), clock.now()),
    recordView,
    createSeries,
    listSeries,
    getSeries,
    spawnNext,
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;

import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor, Role } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Kv } from '../../platform/kv';
import { invalidateReads, readCacheOf } from '../../platform/read-cache';
import type { DB } from '../../schema';
import { asConflict, assertSchedule, draftOf, rowValues } from './drafts';
import { hubPagesOf } from './hub-pages';
import {
  CAMPAIGN_STATUSES,
  type Campaign,
  type CampaignDraft,
  type CampaignStatus,
  PUBLIC_STATUSES,
} from './model';
import type { CampaignListQuery } from './schemas';
import { slugify } from './search';
import { createSeriesService } from './series-service';
import { checkTransition, currentPhase, effectiveStatus, OWNER_EDITABLE } from './status';
import {
  CAMPAIGN_COLUMNS,
  type CampaignRow,
  findCampaign,
  listCampaigns,
  seriesStats,
  toCampaign,
} from './store';
import { createVisitorCookies } from './visitor-cookie';
import { localDate } from './zoned-time';

export interface CampaignsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Caps new anonymous viewers per IP and day; without it (CLI, seed) there is no cap. */
  kv?: Kv;
  /** CARNIVAL_COOKIE_SECRET; absent, the visitor cookie's key is a secret row in the database. */
  cookieSecret?: string;
  /** Wakes the outbox relay after a commit that recorded events. */
  onEventsRecorded?: () => void;
}

/** Keys of cached campaign rows (by id or slug) in the read cache. */
const CAMPAIGN_CACHE_PREFIX = 'campaign:';

const MANAGER_ROLES = ['operator', 'organizer'] as const;

/** New anonymous viewers counted per event, IP and local day (a household, an office behind NAT). */
export const VISITORS_PER_IP_PER_DAY = 5;

export function createCampaignsService({ db, clock, kv, cookieSecret, onEventsRecorded }: CampaignsDeps) {
  // Every write of a campaign row ends in afterCommit, which also drops the cached rows that
  // getCached serves (the checkout's; platform/read-cache.ts).
  const afterCommit = () => {
    invalidateReads(db, CAMPAIGN_CACHE_PREFIX);
    hubPagesOf(db).invalidate();
    onEventsRecorded?.();
  };
  const visitorCookies = createVisitorCookies({ db, secret: cookieSecret });

  /** Public visitors see only what is published; managers see their own drafts too. */
  function canSee(row: CampaignRow, actor: Actor | null): boolean {
    return canSeeStatus(row, toCampaign(row, clock.now()).status, actor);
  }

  function canSeeStatus(row: CampaignRow, status: CampaignStatus, actor: Actor | null): boolean {
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

  /** Attaching an event to a series is for operators and the series' owner: it becomes an edition. */
  async function assertSeries(seriesId: string | null | undefined, actor: Actor, q: Kysely<DB> = db) {
    if (!seriesId) return;
    const s = await q
      .selectFrom('campaign_series')
      .select(['id', 'owner_id'])
      .where('id', '=', seriesId)
      .executeTakeFirst();
    if (!s) throw unprocessable('UNKNOWN_SERIES', 'seriesId: no such series', { field: 'seriesId' });
    if (actor.role !== 'operator' && s.owner_id !== actor.userId)
      throw forbidden('Only operators and the series’ owner attach events to it', { field: 'seriesId' });
  }

  async function create(
    actor: Actor,
    draft: CampaignDraft,
    extra: { edition?: number } = {},
  ): Promise<Campaign> {
    if (!MANAGER_ROLES.includes(actor.role as (typeof MANAGER_ROLES)[number])) throw forbidden();
    assertSchedule(draft);
    await assertSeries(draft.seriesId, actor);
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
          .returning(CAMPAIGN_COLUMNS)
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
          .select(CAMPAIGN_COLUMNS)
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
          await assertSeries(fields.seriesId, actor, trx); // trx: PGlite has one connection
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
          .returning(CAMPAIGN_COLUMNS)
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
        .select(CAMPAIGN_COLUMNS)
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
        .returning(CAMPAIGN_COLUMNS)
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
      actorRole: r.actor_role as Role,
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

  /** listPublic's page as the JSON the route sends, built at most once a second (hub-pages.ts). */
  function listPublicJson(query: CampaignListQuery): Promise<string> {
    return hubPagesOf(db).json(query, clock.now(), () => listPublic(query));
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
   * `limitByIp` (anonymous visitors) admits at most VISITORS_PER_IP_PER_DAY new viewers per
   * event, IP and day, so one machine minting cookies cannot inflate the count.
   */
  async function recordView(
    idOrSlug: string,
    viewer: string,
    limitByIp?: string,
  ): Promise<{ viewCount: number; counted: boolean }> {
    const row = await load(idOrSlug, null);
    const day = localDate(clock.now(), row.timezone);
    const current = async (q: Kysely<DB>) =>
      Number(
        (
          await q
            .selectFrom('campaigns')
            .select('view_count')
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow()
        ).view_count,
      );
    if (limitByIp && kv) {
      const seen = await db
        .selectFrom('campaign_views')
        .select('viewer')
        .where('campaign_id', '=', row.id)
        .where('day', '=', day)
        .where('viewer', '=', viewer)
        .executeTakeFirst();
      if (seen) return { viewCount: await current(db), counted: false };
      const slot = await kv.incrIfBelow(`views:{${row.id}}:${day}:${limitByIp}`, 1, VISITORS_PER_IP_PER_DAY, {
        ttlMs: 26 * 3600 * 1000, // a local day, plus slack for the widest time-zone offset
      });
      if (!slot.ok) return { viewCount: await current(db), counted: false };
    }
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

  return {
    create,
    update,
    transition,
    transitions,
    listPublic,
    listPublicJson,
    listManaged,
    get: async (idOrSlug: string, actor: Actor | null) =>
      toCampaign(await load(idOrSlug, actor), clock.now()),
    /**
     * `get` from the in-process read cache (for the checkout's hot path): the row is cached,
     * the status is still computed at `now`, and who may see it is checked on every call.
     */
    getCached: async (idOrSlug: string, actor: Actor | null): Promise<Campaign> => {
      // The row and its clock-free view are cached (the zoned times cost more than the read);
      // what depends on now is computed on every call.
      const cached = await readCacheOf(db).get(`${CAMPAIGN_CACHE_PREFIX}${idOrSlug}`, async () => {
        const row = await findCampaign(db, idOrSlug);
        return row ? { row, view: toCampaign(row, new Date(0)) } : null;
      });
      if (!cached) throw notFound('Campaign', idOrSlug);
      const { row, view } = cached;
      const now = clock.now();
      const campaign: Campaign = {
        ...view,
        status: effectiveStatus(row.workflow_status, new Date(row.starts_at), new Date(row.ends_at), now),
        currentPhase: row.workflow_status === 'published' ? currentPhase(row.phases, now) : null,
      };
      if (!canSeeStatus(row, campaign.status, actor)) throw notFound('Campaign', idOrSlug);
      return campaign;
    },
    recordView,
    visitorCookies,
    ...createSeriesService({ db, clock, createCampaign: create, uniqueSlug }),
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;

import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { listTracks } from '../programme';
import { type Localized, managedConference, parsed, visibleConference } from './access';
import { criterionInUse, typeInUse } from './errors';
import type { CfpSettingsInput } from './schemas';
import type { CfpCriterionRow } from './tables';

export type SubmissionKind = 'talk' | 'workshop' | 'keynote' | 'lightning';
export type CfpStatus = 'not_open' | 'open' | 'closed';

export interface SubmissionType {
  id: string;
  kind: SubmissionKind;
  name: Localized;
  durationMinutes: number;
  position: number;
}
export interface Criterion {
  key: string;
  name: Localized;
}
export interface TrackRef {
  id: string;
  name: Localized;
  color: string;
}
export interface CfpPublic {
  eventId: string;
  eventTitle: Localized;
  opensAt: string;
  closesAt: string;
  status: CfpStatus;
  anonymisedReview: boolean;
  submissionTypes: SubmissionType[];
  tracks: TrackRef[];
  criteria: Criterion[];
}

export const DEFAULT_CRITERIA: Criterion[] = [
  { key: 'relevance', name: { 'zh-CN': '相关性', 'en-US': 'Relevance' } },
  { key: 'novelty', name: { 'zh-CN': '新颖性', 'en-US': 'Novelty' } },
  { key: 'clarity', name: { 'zh-CN': '清晰度', 'en-US': 'Clarity' } },
];

export const DEFAULT_TYPES: { kind: SubmissionKind; name: Localized; durationMinutes: number }[] = [
  { kind: 'talk', name: { 'zh-CN': '演讲', 'en-US': 'Talk' }, durationMinutes: 30 },
  { kind: 'workshop', name: { 'zh-CN': '工作坊', 'en-US': 'Workshop' }, durationMinutes: 90 },
  { kind: 'keynote', name: { 'zh-CN': '主题演讲', 'en-US': 'Keynote' }, durationMinutes: 45 },
  { kind: 'lightning', name: { 'zh-CN': '闪电演讲', 'en-US': 'Lightning talk' }, durationMinutes: 10 },
];

export interface SettingsRow {
  eventId: string;
  opensAt: Date;
  closesAt: Date;
  anonymisedReview: boolean;
  criteria: Criterion[];
}

export function statusAt(s: { opensAt: Date; closesAt: Date }, now: Date): CfpStatus {
  if (now < s.opensAt) return 'not_open';
  return now < s.closesAt ? 'open' : 'closed';
}

/** The event's CfP settings, or null when none were saved. */
export async function settingsOf(db: Kysely<DB>, eventId: string): Promise<SettingsRow | null> {
  const r = await db
    .selectFrom('cfp_settings')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    eventId,
    opensAt: new Date(r.opens_at),
    closesAt: new Date(r.closes_at),
    anonymisedReview: r.anonymised_review,
    criteria: parsed<CfpCriterionRow[]>(r.criteria),
  };
}

export const toType = (r: {
  id: string;
  kind: SubmissionKind;
  name_zh: string;
  name_en: string;
  duration_minutes: number;
  position: number;
}): SubmissionType => ({
  id: r.id,
  kind: r.kind,
  name: { 'zh-CN': r.name_zh, 'en-US': r.name_en },
  durationMinutes: r.duration_minutes,
  position: r.position,
});

export async function typesOf(db: Kysely<DB>, eventId: string): Promise<SubmissionType[]> {
  const rows = await db
    .selectFrom('cfp_submission_types')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toType);
}

export async function trackRefsOf(db: Kysely<DB>, eventId: string): Promise<TrackRef[]> {
  return (await listTracks(db, eventId)).map((t) => ({ id: t.id, name: t.name, color: t.color }));
}

export function createCfpSettings({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function view(eventId: string, title: Localized, s: SettingsRow): Promise<CfpPublic> {
    return {
      eventId,
      eventTitle: title,
      opensAt: s.opensAt.toISOString(),
      closesAt: s.closesAt.toISOString(),
      status: statusAt(s, clock.now()),
      anonymisedReview: s.anonymisedReview,
      submissionTypes: await typesOf(db, eventId),
      tracks: await trackRefsOf(db, eventId),
      criteria: s.criteria,
    };
  }

  async function counts(eventId: string) {
    const rows = await db
      .selectFrom('cfp_proposals')
      .select(['state', db.fn.countAll<string>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy('state')
      .execute();
    const out = { submitted: 0, accepted: 0, rejected: 0, confirmed: 0, withdrawn: 0 };
    for (const r of rows) out[r.state] = Number(r.n);
    return out;
  }

  return {
    /** The public view of an event's CfP; 404 when it has none. */
    async publicCfp(actor: Actor | null, eventId: string): Promise<CfpPublic> {
      const ev = await visibleConference(db, actor, eventId);
      const s = await settingsOf(db, eventId);
      if (!s) throw notFound('Call for proposals', eventId);
      return view(eventId, ev.title, s);
    },

    async organizerCfp(actor: Actor, eventId: string) {
      const ev = await managedConference(db, actor, eventId);
      const s = await settingsOf(db, eventId);
      if (!s) return null;
      return { ...(await view(eventId, ev.title, s)), counts: await counts(eventId) };
    },

    /** Saves the settings; submission types are replaced by the list given (kept when omitted). */
    async saveCfp(actor: Actor, eventId: string, input: CfpSettingsInput) {
      const ev = await managedConference(db, actor, eventId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const before = await settingsOf(trx, eventId);
        const criteria = input.criteria ?? before?.criteria ?? DEFAULT_CRITERIA;
        if (before) {
          const removed = before.criteria.filter((c) => !criteria.some((k) => k.key === c.key));
          for (const c of removed) {
            const used = await trx
              .selectFrom('cfp_reviews')
              .innerJoin('cfp_proposals', 'cfp_proposals.id', 'cfp_reviews.proposal_id')
              .select('cfp_reviews.id')
              .where('cfp_proposals.event_id', '=', eventId)
              .where(sql<boolean>`cfp_reviews.scores ? ${c.key}`)
              .executeTakeFirst();
            if (used) throw criterionInUse(c.key);
          }
        }
        const row = {
          opens_at: new Date(input.opensAt),
          closes_at: new Date(input.closesAt),
          anonymised_review: input.anonymisedReview,
          criteria: JSON.stringify(criteria),
          updated_at: now,
        };
        if (before) await trx.updateTable('cfp_settings').set(row).where('event_id', '=', eventId).execute();
        else
          await trx
            .insertInto('cfp_settings')
            .values({ id: newId('cfs', now.getTime()), event_id: eventId, created_at: now, ...row })
            .execute();

        const existing = await typesOf(trx, eventId);
        const wanted = input.submissionTypes ?? (existing.length ? null : DEFAULT_TYPES);
        if (wanted) {
          const keep = new Set(wanted.map((t) => ('id' in t ? t.id : undefined)).filter(Boolean));
          for (const t of existing.filter((e) => !keep.has(e.id))) {
            const used = await trx
              .selectFrom('cfp_proposals')
              .select('id')
              .where('submission_type_id', '=', t.id)
              .executeTakeFirst();
            if (used) throw typeInUse(t.id);
            await trx.deleteFrom('cfp_submission_types').where('id', '=', t.id).execute();
          }
          for (const [position, t] of wanted.entries()) {
            const values = {
              kind: t.kind,
              name_zh: t.name['zh-CN'],
              name_en: t.name['en-US'],
              duration_minutes: t.durationMinutes,
              position,
            };
            const tid = 'id' in t ? t.id : undefined;
            if (typeof tid === 'string' && existing.some((e) => e.id === tid))
              await trx.updateTable('cfp_submission_types').set(values).where('id', '=', tid).execute();
            else
              await trx
                .insertInto('cfp_submission_types')
                .values({ id: newId('cst', now.getTime()), event_id: eventId, created_at: now, ...values })
                .execute();
          }
        }
        await recordAudit(trx, clock, {
          actor,
          action: before ? 'cfp.settings.update' : 'cfp.settings.create',
          entityType: 'campaign',
          entityId: eventId,
          before: before ?? undefined,
          after: { ...input, criteria },
        });
      });
      const s = (await settingsOf(db, eventId))!;
      return { ...(await view(eventId, ev.title, s)), counts: await counts(eventId) };
    },
  };
}

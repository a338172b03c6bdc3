import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { managedEvent, type ProgrammeEvent } from './access';
import { type Changes, countsOf, diffSchedules, publishable, touchedSessionIds } from './changelog';
import { draftConflicts } from './editor';
import { noScheduleChanges, scheduleConflicts } from './errors';
import { loadSessions, type Session } from './model';

export interface VersionSummary {
  number: number;
  note: string | null;
  publishedAt: string;
  sessionCount: number;
  counts: { new: number; moved: number; cancelled: number; changed: number };
}
export interface Version extends VersionSummary {
  sessions: Session[];
  changes: Changes;
}

/** JSON with sorted keys: jsonb gives keys back in its own order, so compare this way. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

type VersionRow = {
  number: number;
  note: string | null;
  published_at: Date | string;
  snapshot: unknown;
  changes: unknown;
};
const toVersion = (r: VersionRow): Version => {
  const sessions = parse<Session[]>(r.snapshot);
  const changes = parse<Changes>(r.changes);
  return {
    number: r.number,
    note: r.note,
    publishedAt: new Date(r.published_at).toISOString(),
    sessionCount: sessions.length,
    counts: countsOf(changes),
    sessions,
    changes,
  };
};
export const summaryOf = ({ sessions: _s, changes: _c, ...summary }: Version): VersionSummary => summary;

export async function listVersions(db: Kysely<DB>, eventId: string): Promise<Version[]> {
  const rows = await db
    .selectFrom('programme_versions')
    .select(['number', 'note', 'published_at', 'snapshot', 'changes'])
    .where('event_id', '=', eventId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map(toVersion);
}

/** Version n, or the latest when n is left out; null when none (or no such n). */
export async function versionOf(db: Kysely<DB>, eventId: string, n?: number): Promise<Version | null> {
  let q = db
    .selectFrom('programme_versions')
    .select(['number', 'note', 'published_at', 'snapshot', 'changes'])
    .where('event_id', '=', eventId);
  q = n === undefined ? q.orderBy('number', 'desc').limit(1) : q.where('number', '=', n);
  const r = await q.executeTakeFirst();
  return r ? toVersion(r) : null;
}

/** What publishing now would change against the latest version. */
export async function unpublishedChanges(db: Kysely<DB>, eventId: string): Promise<Changes> {
  const [latest, draft] = await Promise.all([versionOf(db, eventId), loadSessions(db, { eventId })]);
  return diffSchedules(latest?.sessions ?? [], draft);
}

/** The snapshot a version keeps: placed, confirmed sessions, public fields only, stable order. */
const snapshotOf = (sessions: Session[]) =>
  publishable(sessions)
    // Seats taken move with every reservation: the agenda reads them live, the version does not keep them.
    .map((s) => ({ ...s, seatsTaken: 0 }))
    .sort(
      (a, b) => Date.parse(a.placement.startsAt) - Date.parse(b.placement.startsAt) || (a.id < b.id ? -1 : 1),
    );

export function createPublishing(deps: { db: Kysely<DB>; clock: Clock; mail: MailSender; baseUrl: string }) {
  const { db, clock } = deps;

  async function publish(actor: Actor, eventId: string, note: string | null) {
    const ev = await managedEvent(db, actor, eventId);
    const conflicts = await draftConflicts(db, ev);
    if (conflicts.length) throw scheduleConflicts(conflicts);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      // One publisher at a time per event: the version number is read and written under the lock.
      await trx.selectFrom('campaigns').select('id').where('id', '=', eventId).forUpdate().executeTakeFirst();
      const latest = await versionOf(trx, eventId);
      const snapshot = snapshotOf(await loadSessions(trx, { eventId }));
      if (latest && canonical(latest.sessions) === canonical(snapshot)) throw noScheduleChanges();
      const changes = diffSchedules(latest?.sessions ?? [], snapshot);
      const number = (latest?.number ?? 0) + 1;
      const id = newId('sch', now.getTime());
      await trx
        .insertInto('programme_versions')
        .values({
          id,
          event_id: eventId,
          number,
          note,
          snapshot: JSON.stringify(snapshot),
          changes: JSON.stringify(changes),
          published_by: actor.userId,
          published_at: now,
        })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'programme.publish',
        entityType: 'programme_version',
        entityId: id,
        after: { eventId, number, counts: countsOf(changes) },
      });
      if (latest) await tellSavers(trx, ev, number, changes, now);
      const version = (await versionOf(trx, eventId, number))!;
      return { version: summaryOf(version), changes };
    });
  }

  /** One notice and one mail per saver per version, listing the saved sessions that changed. */
  async function tellSavers(
    trx: Kysely<DB>,
    ev: ProgrammeEvent,
    number: number,
    changes: Changes,
    now: Date,
  ) {
    const touched = touchedSessionIds(changes);
    if (!touched.length) return;
    const savers = await trx
      .selectFrom('programme_saved as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.user_id', 's.session_id', 'u.email'])
      .where('s.session_id', 'in', touched)
      .execute();
    const byUser = new Map<string, { email: string; sessionIds: string[] }>();
    for (const s of savers) {
      const u = byUser.get(s.user_id) ?? { email: s.email, sessionIds: [] };
      u.sessionIds.push(s.session_id);
      byUser.set(s.user_id, u);
    }
    const titles = new Map(
      [...changes.moved, ...changes.cancelled, ...changes.changed].map((c) => [c.sessionId, c.title]),
    );
    const kindOf = (id: string) =>
      [
        changes.cancelled.some((c) => c.sessionId === id) ? '已取消 cancelled' : null,
        changes.moved.some((c) => c.sessionId === id) ? '时间或会场变更 moved' : null,
        changes.changed.some((c) => c.sessionId === id) ? '内容变更 changed' : null,
      ]
        .filter(Boolean)
        .join(' / ');
    for (const [userId, u] of byUser) {
      const inserted = await trx
        .insertInto('programme_notices')
        .values({
          user_id: userId,
          event_id: ev.id,
          version: number,
          session_ids: JSON.stringify(u.sessionIds.sort()),
          created_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) continue; // told already for this version
      const lines = u.sessionIds.map((id) => `- ${titles.get(id) ?? id}: ${kindOf(id)}`);
      await deps.mail.send(
        trx,
        {
          to: u.email,
          kind: 'programme.schedule_changed',
          subject: `【${ev.title['zh-CN']}】日程已更新（第 ${number} 版）/ Schedule updated (version ${number})`,
          text: [
            `您收藏的议程有变化 / Sessions you saved have changed:`,
            ...lines,
            '',
            `${deps.baseUrl}/events/${ev.slug}/agenda`,
          ].join('\n'),
        },
        now,
      );
    }
  }

  async function versions(eventId: string) {
    return (await listVersions(db, eventId)).map(summaryOf);
  }

  async function version(eventId: string, n: number) {
    const v = await versionOf(db, eventId, n);
    if (!v) throw notFound('Schedule version', String(n));
    return { version: summaryOf(v), changes: v.changes };
  }

  return { publish, versions, version };
}
export type Publishing = ReturnType<typeof createPublishing>;

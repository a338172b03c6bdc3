import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { icalCalendar, icalText, icalUtc } from '../campaigns';
import { eventDays, eventOf, isManager, type ProgrammeEvent, visibleEvent } from './access';
import { type FixedZone, fixedZone, vtimezone, zonedProperty } from './ics-zone';
import { loadRooms, type Room, type Session, type Speaker } from './model';
import { listTracks } from './tracks';
import { summaryOf, type Version, versionOf } from './versions';

/** The public agenda: what the latest (or an asked) published version shows. */
export function createAgenda(deps: { db: Kysely<DB>; baseUrl: string }) {
  const { db } = deps;

  const eventView = (ev: ProgrammeEvent) => ({
    id: ev.id,
    slug: ev.slug,
    title: ev.title,
    timezone: ev.timezone,
    days: eventDays(ev),
  });

  /**
   * Published versions never change (nothing updates programme_versions), so their parsed
   * snapshots are kept: an agenda read is then a one-row index lookup of the latest number
   * instead of moving and parsing the whole snapshot (~130 KB for 150 sessions) every time.
   * A few events' latest versions fit; the oldest entry goes first.
   */
  const versions = new Map<string, Version>();
  const KEPT_VERSIONS = 32;
  async function publishedVersion(eventId: string, n?: number): Promise<Version | null> {
    let head = db.selectFrom('programme_versions').select('number').where('event_id', '=', eventId);
    head = n === undefined ? head.orderBy('number', 'desc').limit(1) : head.where('number', '=', n);
    const row = await head.executeTakeFirst();
    if (!row) return null;
    const key = `${eventId}:${row.number}`;
    const kept = versions.get(key);
    if (kept) return kept;
    const v = await versionOf(db, eventId, row.number);
    if (!v) return null;
    versions.set(key, v);
    if (versions.size > KEPT_VERSIONS) versions.delete(versions.keys().next().value!);
    return v;
  }

  /** Seats taken are live, not the version's. */
  async function withLiveSeats(sessions: Session[]): Promise<Session[]> {
    const ids = sessions.filter((s) => s.seats !== null).map((s) => s.id);
    if (!ids.length) return sessions;
    const rows = await db
      .selectFrom('programme_sessions')
      .select(['id', 'seats_taken', 'seats'])
      .where('id', 'in', ids)
      .execute();
    const live = new Map(rows.map((r) => [r.id, r]));
    return sessions.map((s) =>
      live.has(s.id) ? { ...s, seatsTaken: live.get(s.id)!.seats_taken, seats: live.get(s.id)!.seats } : s,
    );
  }

  const speakersOf = (sessions: Session[]): Speaker[] => {
    const map = new Map<string, Speaker>();
    for (const s of sessions) for (const p of s.speakers) map.set(p.id, p);
    return [...map.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.id < b.id ? -1 : 1));
  };

  /** `idOrSlug`: the event's id or its campaign's slug. */
  async function agenda(actor: Actor | null, idOrSlug: string, n?: number) {
    const ev = await visibleEvent(db, actor, idOrSlug, { orSlug: true });
    const eventId = ev.id;
    const version = await publishedVersion(eventId, n);
    if (n !== undefined && !version) throw notFound('Schedule version', String(n));
    const [tracks, rooms] = await Promise.all([listTracks(db, eventId), loadRooms(db, eventId)]);
    const sessions = version ? await withLiveSeats(version.sessions) : [];
    return {
      event: eventView(ev),
      version: version ? summaryOf(version) : null,
      tracks,
      rooms,
      speakers: speakersOf(sessions),
      sessions,
    };
  }

  /** A session as the latest version it appears in shows it (a cancelled one: as last published). */
  async function publishedSession(sessionId: string): Promise<{ session: Session; latest: Version } | null> {
    const row = await db
      .selectFrom('programme_sessions')
      .select(['event_id', 'status'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!row) return null;
    const latest = await publishedVersion(row.event_id);
    if (!latest) return null;
    const inLatest = latest.sessions.find((s) => s.id === sessionId);
    if (inLatest) return { session: (await withLiveSeats([inLatest]))[0]!, latest };
    // Not in the latest version: cancelled (or taken off the grid) since an earlier one.
    const older = await db
      .selectFrom('programme_versions')
      .select(['number', 'snapshot'])
      .where('event_id', '=', row.event_id)
      .orderBy('number', 'desc')
      .execute();
    for (const v of older) {
      const snap = (typeof v.snapshot === 'string' ? JSON.parse(v.snapshot) : v.snapshot) as Session[];
      const s = snap.find((x) => x.id === sessionId);
      if (s) return { session: { ...s, status: 'cancelled' }, latest };
    }
    return null;
  }

  async function sessionPage(actor: Actor | null, sessionId: string) {
    const found = await publishedSession(sessionId);
    if (!found) throw notFound('Session', sessionId);
    const ev = await visibleEvent(db, actor, found.session.eventId);
    const [tracks, rooms] = await Promise.all([listTracks(db, ev.id), loadRooms(db, ev.id)]);
    const s = found.session;
    return {
      session: s,
      event: { id: ev.id, slug: ev.slug, title: ev.title, timezone: ev.timezone },
      room: (s.placement && rooms.find((r) => r.id === s.placement!.roomId)) || null,
      track: (s.trackId && tracks.find((t) => t.id === s.trackId)) || null,
    };
  }

  async function speakers(actor: Actor | null, eventId: string) {
    const { speakers } = await agenda(actor, eventId);
    return speakers;
  }

  async function speaker(actor: Actor | null, eventId: string, speakerId: string) {
    const a = await agenda(actor, eventId);
    const sp = a.speakers.find((s) => s.id === speakerId);
    if (!sp) throw notFound('Speaker', speakerId);
    return { speaker: sp, sessions: a.sessions.filter((s) => s.speakers.some((p) => p.id === speakerId)) };
  }

  /**
   * RFC 5545 VEVENTs for sessions, UID stable per session, SEQUENCE = the version; times in the
   * event's zone when it can be described (ics-zone.ts), else UTC.
   */
  function vevents(
    sessions: Session[],
    rooms: Room[],
    sequence: number,
    stamp: Date,
    zone: FixedZone | null,
  ) {
    const at = (name: string, iso: string) =>
      zone ? zonedProperty(name, iso, zone) : `${name}:${icalUtc(iso)}`;
    const roomName = new Map(rooms.map((r) => [r.id, `${r.name['zh-CN']} / ${r.name['en-US']}`]));
    return sessions
      .filter((s) => s.placement)
      .map((s) => {
        const p = s.placement!;
        const who = s.speakers.map((x) => x.name).join(', ');
        return [
          'BEGIN:VEVENT',
          `UID:${s.id}@carnival`,
          `DTSTAMP:${icalUtc(stamp)}`,
          at('DTSTART', p.startsAt),
          at('DTEND', p.endsAt),
          `SUMMARY:${icalText(s.title)}`,
          `DESCRIPTION:${icalText([who, s.abstract].filter(Boolean).join('\n\n'))}`,
          `LOCATION:${icalText(roomName.get(p.roomId) ?? '')}`,
          `URL:${deps.baseUrl}/sessions/${s.id}`,
          `SEQUENCE:${sequence}`,
          `STATUS:${s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
          'END:VEVENT',
        ];
      });
  }

  async function agendaIcs(actor: Actor | null, eventId: string, now: Date): Promise<string> {
    const ev = await visibleEvent(db, actor, eventId);
    const version = await publishedVersion(eventId);
    const rooms = await loadRooms(db, eventId);
    const stamp = version ? new Date(version.publishedAt) : now;
    const zone = fixedZone(ev.timezone, ev.daysStart);
    return icalCalendar(ev.title['zh-CN'], [
      ...(zone ? [vtimezone(zone)] : []),
      ...vevents(version?.sessions ?? [], rooms, version?.number ?? 0, stamp, zone),
    ]);
  }

  /** A personal feed: the saved sessions of every event, each as its latest version shows it. */
  async function personalIcs(sessionIds: string[], now: Date): Promise<string> {
    const events: string[][] = [];
    const byEvent = new Map<string, { version: Version | null; rooms: Room[]; zone: FixedZone | null }>();
    const zones = new Map<string, FixedZone>();
    for (const id of sessionIds) {
      const found = await publishedSession(id);
      if (!found) continue;
      const evId = found.session.eventId;
      if (!byEvent.has(evId)) {
        const ev = await eventOf(db, evId);
        const zone = fixedZone(ev.timezone, ev.daysStart);
        if (zone) zones.set(zone.tzid, zone);
        byEvent.set(evId, { version: found.latest, rooms: await loadRooms(db, evId), zone });
      }
      const { version, rooms, zone } = byEvent.get(evId)!;
      if (!found.session.placement) continue;
      events.push(...vevents([found.session], rooms, version?.number ?? 0, now, zone));
    }
    return icalCalendar('我的日程 My schedule', [...[...zones.values()].map(vtimezone), ...events]);
  }

  return { agenda, sessionPage, publishedSession, speakers, speaker, agendaIcs, personalIcs, isManager };
}
export type Agenda = ReturnType<typeof createAgenda>;

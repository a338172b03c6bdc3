import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { newId } from '../../platform/ids';
import { outboxSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { fromWallTime } from '../campaigns';
import { eventDays, eventOf } from './access';
import type { SessionDocument, SessionKind } from './tables';
import { insertTrack, listTracks } from './tracks';
import { createPublishing } from './versions';

/**
 * Bulk writers for seeds and benchmarks (no route uses them): rooms, speakers and placed
 * sessions in a few INSERTs, then one publication through the real publishing path, which
 * refuses a seeded schedule with conflicts just as it would the organizer's.
 */
export interface GridSession {
  kind: SessionKind;
  title: string;
  abstract?: string;
  language?: 'zh-CN' | 'en-US';
  durationMinutes: number;
  trackId?: string | null;
  speakerIds?: string[];
  seats?: number | null;
  expectedAudience?: number | null;
  documents?: SessionDocument[];
  /** Unplaced when left out. */
  roomId?: string;
  startsAt?: Date;
}

/** An instant from a local date and HH:MM in the zone. */
export const wallInstant = (date: string, hhmm: string, tz: string) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  return fromWallTime({ year, month, day, hour, minute, second: 0 }, tz);
};

export async function insertRooms(
  db: Kysely<DB>,
  eventId: string,
  rooms: { zh: string; en: string; capacity: number; opensAt?: string; closesAt?: string }[],
  now: Date,
): Promise<string[]> {
  const rows = rooms.map((r, i) => ({
    id: newId('rom', now.getTime()),
    event_id: eventId,
    name_zh: r.zh,
    name_en: r.en,
    capacity: r.capacity,
    opens_at: r.opensAt ?? '09:00',
    closes_at: r.closesAt ?? '18:00',
    position: i,
    created_at: now,
    updated_at: now,
  }));
  if (rows.length) await db.insertInto('programme_rooms').values(rows).execute();
  return rows.map((r) => r.id);
}

export async function insertSpeakers(
  db: Kysely<DB>,
  eventId: string,
  speakers: { name: string; company?: string; bio?: string; email?: string; userId?: string | null }[],
  now: Date,
): Promise<string[]> {
  const rows = speakers.map((s) => ({
    id: newId('psp', now.getTime()),
    event_id: eventId,
    profile_id: null,
    user_id: s.userId ?? null,
    email: s.email ?? null,
    name: s.name,
    company: s.company ?? null,
    bio: s.bio ?? null,
    photo_url: null,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('programme_speakers')
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.map((r) => r.id);
}

export async function insertSessions(db: Kysely<DB>, eventId: string, list: GridSession[], now: Date) {
  const rows = list.map((s) => ({
    id: newId('pss', now.getTime()),
    event_id: eventId,
    proposal_id: null,
    kind: s.kind,
    status: 'confirmed' as const,
    title: s.title,
    abstract: s.abstract ?? '',
    language: s.language ?? ('zh-CN' as const),
    level: null,
    duration_minutes: s.durationMinutes,
    track_id: s.trackId ?? null,
    seats: s.seats ?? null,
    expected_audience: s.expectedAudience ?? null,
    documents: JSON.stringify(s.documents ?? []),
    room_id: s.roomId ?? null,
    starts_at: s.startsAt ?? null,
    ends_at: s.startsAt ? new Date(s.startsAt.getTime() + s.durationMinutes * 60_000) : null,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('programme_sessions')
      .values(rows.slice(i, i + 500))
      .execute();
  const links = list.flatMap((s, i) =>
    [...new Set(s.speakerIds ?? [])].map((speaker_id, position) => ({
      session_id: rows[i]!.id,
      speaker_id,
      position,
    })),
  );
  for (let i = 0; i < links.length; i += 500)
    await db
      .insertInto('programme_session_speakers')
      .values(links.slice(i, i + 500))
      .execute();
  return rows.map((r) => r.id);
}

/** Publishes as `actor` (the event's organizer or an operator) through the real path. */
export async function publishAs(db: Kysely<DB>, actor: Actor, eventId: string, note: string, now: Date) {
  const publishing = createPublishing({ db, clock: { now: () => now }, mail: outboxSender, baseUrl: '' });
  return publishing.publish(actor, eventId, note);
}

const BENCH_TRACKS: [string, string, string][] = [
  ['人工智能', 'AI', '#722ed1'],
  ['云原生', 'Cloud native', '#1677ff'],
  ['芯片与硬件', 'Chips & hardware', '#fa8c16'],
  ['开发者', 'Developers', '#52c41a'],
];

/**
 * A published agenda for benchmarks: `sessions` talks of 30 minutes over the event's first
 * `days` days and `rooms` new rooms (09:00 on, back to back), one speaker each, every track
 * used; the event needs that many event days. Returns the ids and the version number.
 */
export async function seedBenchAgenda(
  db: Kysely<DB>,
  eventId: string,
  actor: Actor,
  opts: { sessions?: number; rooms?: number; days?: number; now?: Date } = {},
) {
  const { sessions = 150, rooms = 4, days = 3 } = opts;
  const now = opts.now ?? new Date();
  const ev = await eventOf(db, eventId);
  const dayList = eventDays(ev).slice(0, days);
  if (dayList.length < days) throw new Error(`the event has ${dayList.length} event days, not ${days}`);
  let tracks = await listTracks(db, eventId);
  if (!tracks.length)
    for (const [i, [zh, en, color]] of BENCH_TRACKS.entries())
      tracks.push(await insertTrack(db, { eventId, nameZh: zh, nameEn: en, color, position: i }, now));
  tracks = tracks.slice(0, 4);
  const roomIds = await insertRooms(
    db,
    eventId,
    Array.from({ length: rooms }, (_, i) => ({
      zh: `分会场 ${i + 1}`,
      en: `Room ${i + 1}`,
      capacity: 300,
      opensAt: '08:00',
      closesAt: '23:00',
    })),
    now,
  );
  const speakerIds = await insertSpeakers(
    db,
    eventId,
    Array.from({ length: sessions }, (_, i) => ({ name: `讲者 ${i + 1}`, company: `公司 ${(i % 37) + 1}` })),
    now,
  );
  const cells = rooms * days;
  const grid: GridSession[] = Array.from({ length: sessions }, (_, i) => {
    const cell = i % cells;
    const slot = Math.floor(i / cells);
    const day = dayList[Math.floor(cell / rooms)]!;
    const start = wallInstant(day.date, '09:00', ev.timezone);
    return {
      kind: 'talk',
      title: `议题 ${i + 1}：${tracks[i % tracks.length]?.name['zh-CN'] ?? ''}实践`,
      abstract: `第 ${i + 1} 个议题的摘要。`,
      durationMinutes: 30,
      trackId: tracks[i % tracks.length]?.id ?? null,
      speakerIds: [speakerIds[i]!],
      roomId: roomIds[cell % rooms]!,
      startsAt: new Date(start.getTime() + slot * 30 * 60_000),
    };
  });
  const sessionIds = await insertSessions(db, eventId, grid, now);
  const published = await publishAs(db, actor, eventId, 'bench', now);
  return { roomIds, sessionIds, version: published.version.number };
}

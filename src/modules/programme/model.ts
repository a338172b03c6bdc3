import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import type { SessionDocument, SessionKind, SessionStatus } from './tables';

/** The programme's shapes as the API answers them (docs/programme.md). */
export interface Room {
  id: string;
  eventId: string;
  name: { 'zh-CN': string; 'en-US': string };
  capacity: number;
  opensAt: string;
  closesAt: string;
  position: number;
}

export interface Speaker {
  id: string;
  eventId: string;
  profileId: string | null;
  userId: string | null;
  name: string;
  company: string | null;
  bio: string | null;
  photoUrl: string | null;
}
export type OrganizerSpeaker = Speaker & { email: string | null };

export interface Placement {
  roomId: string;
  startsAt: string;
  endsAt: string;
}

export interface Session {
  id: string;
  eventId: string;
  proposalId: string | null;
  kind: SessionKind;
  status: SessionStatus;
  title: string;
  abstract: string;
  language: 'zh-CN' | 'en-US';
  level: 'beginner' | 'intermediate' | 'advanced' | null;
  durationMinutes: number;
  trackId: string | null;
  speakers: Speaker[];
  seats: number | null;
  seatsTaken: number;
  expectedAudience: number | null;
  documents: SessionDocument[];
  placement: Placement | null;
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const iso = (d: Date | string) => new Date(d).toISOString();

interface RoomRow {
  id: string;
  event_id: string;
  name_zh: string;
  name_en: string;
  capacity: number;
  opens_at: string;
  closes_at: string;
  position: number;
}

export const toRoom = (r: RoomRow): Room => ({
  id: r.id,
  eventId: r.event_id,
  name: { 'zh-CN': r.name_zh, 'en-US': r.name_en },
  capacity: r.capacity,
  opensAt: r.opens_at,
  closesAt: r.closes_at,
  position: r.position,
});

export async function loadRooms(db: Kysely<DB>, eventId: string): Promise<Room[]> {
  const rows = await db
    .selectFrom('programme_rooms')
    .select(['id', 'event_id', 'name_zh', 'name_en', 'capacity', 'opens_at', 'closes_at', 'position'])
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toRoom);
}

const speakerColumns = [
  'id',
  'event_id',
  'profile_id',
  'user_id',
  'email',
  'name',
  'company',
  'bio',
  'photo_url',
] as const;

interface SpeakerRow {
  id: string;
  event_id: string;
  profile_id: string | null;
  user_id: string | null;
  email: string | null;
  name: string;
  company: string | null;
  bio: string | null;
  photo_url: string | null;
}

export const toSpeaker = (r: SpeakerRow): Speaker => ({
  id: r.id,
  eventId: r.event_id,
  profileId: r.profile_id,
  userId: r.user_id,
  name: r.name,
  company: r.company,
  bio: r.bio,
  photoUrl: r.photo_url,
});
export const toOrganizerSpeaker = (r: SpeakerRow): OrganizerSpeaker => ({ ...toSpeaker(r), email: r.email });

export async function loadSpeakers(db: Kysely<DB>, eventId: string): Promise<OrganizerSpeaker[]> {
  const rows = await db
    .selectFrom('programme_speakers')
    .select([...speakerColumns])
    .where('event_id', '=', eventId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toOrganizerSpeaker);
}

export async function speakerRow(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('programme_speakers')
    .select([...speakerColumns])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Sessions of an event (or the given ids), with their speakers in order; draft placement. */
export async function loadSessions(
  db: Kysely<DB>,
  filter: { eventId: string } | { ids: string[] },
): Promise<Session[]> {
  if ('ids' in filter && filter.ids.length === 0) return [];
  let q = db.selectFrom('programme_sessions').selectAll();
  q = 'ids' in filter ? q.where('id', 'in', filter.ids) : q.where('event_id', '=', filter.eventId);
  const rows = await q.orderBy('starts_at').orderBy('id').execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('programme_session_speakers as l')
    .innerJoin('programme_speakers as s', 's.id', 'l.speaker_id')
    .select([
      'l.session_id',
      'l.position',
      's.id',
      's.event_id',
      's.profile_id',
      's.user_id',
      's.email',
      's.name',
      's.company',
      's.bio',
      's.photo_url',
    ])
    .where(
      'l.session_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('l.position')
    .orderBy('s.name')
    .execute();
  const bySession = new Map<string, Speaker[]>();
  for (const l of links) {
    const list = bySession.get(l.session_id) ?? [];
    list.push(toSpeaker(l));
    bySession.set(l.session_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    proposalId: r.proposal_id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    abstract: r.abstract,
    language: r.language,
    level: r.level,
    durationMinutes: r.duration_minutes,
    trackId: r.track_id,
    speakers: bySession.get(r.id) ?? [],
    seats: r.seats,
    seatsTaken: r.seats_taken,
    expectedAudience: r.expected_audience,
    documents: parse<SessionDocument[]>(r.documents),
    placement:
      r.room_id && r.starts_at && r.ends_at
        ? { roomId: r.room_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at) }
        : null,
  }));
}

export async function loadSession(db: Kysely<DB>, id: string): Promise<Session | null> {
  return (await loadSessions(db, { ids: [id] }))[0] ?? null;
}

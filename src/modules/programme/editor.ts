import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { managedEvent, type ProgrammeEvent } from './access';
import { type Conflict, conflictsOf, findConflicts } from './conflicts';
import {
  invalidRoomHours,
  roomInUse,
  seatsBelowTaken,
  sessionCancelled,
  trackInUse,
  trackNameTaken,
  unknownRoom,
  unknownSpeaker,
  unknownTrack,
} from './errors';
import { loadRooms, loadSession, loadSessions, speakerRow, toOrganizerSpeaker, toRoom } from './model';
import type { SessionDocument, SessionKind } from './tables';
import { trackOf } from './tracks';

export interface TrackInput {
  name?: { 'zh-CN': string; 'en-US': string };
  color?: string;
  position?: number;
}
export interface RoomInput {
  name?: { 'zh-CN': string; 'en-US': string };
  capacity?: number;
  opensAt?: string;
  closesAt?: string;
  position?: number;
}
export interface SpeakerInput {
  name?: string;
  email?: string | null;
  company?: string | null;
  bio?: string | null;
  photoUrl?: string | null;
  userId?: string | null;
}
export interface SessionInput {
  kind?: SessionKind;
  title?: string;
  abstract?: string;
  language?: 'zh-CN' | 'en-US';
  level?: 'beginner' | 'intermediate' | 'advanced' | null;
  durationMinutes?: number;
  trackId?: string | null;
  speakerIds?: string[];
  seats?: number | null;
  expectedAudience?: number | null;
  documents?: SessionDocument[];
  status?: 'confirmed' | 'cancelled';
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';
const isFkViolation = (e: unknown) => (e as { code?: string })?.code === '23503';
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** The draft's conflicts for an event (room names in zh-CN for the English message). */
export async function draftConflicts(db: Kysely<DB>, ev: ProgrammeEvent): Promise<Conflict[]> {
  const [rooms, sessions] = await Promise.all([loadRooms(db, ev.id), loadSessions(db, { eventId: ev.id })]);
  return findConflicts({
    timezone: ev.timezone,
    daysStart: ev.daysStart,
    daysEnd: ev.daysEnd,
    rooms: rooms.map((r) => ({ ...r, name: r.name['en-US'] || r.name['zh-CN'] })),
    sessions,
  });
}

/** The organizer's editing: tracks, rooms, speakers, sessions and their placement (all audited). */
export function createEditor({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  const audit = (
    trx: Kysely<DB>,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    after?: unknown,
  ) => recordAudit(trx, clock, { actor, action: `programme.${action}`, entityType, entityId, after });

  async function eventOfRow(
    table: 'conf_tracks' | 'programme_rooms' | 'programme_speakers' | 'programme_sessions',
    id: string,
    what: string,
  ): Promise<string> {
    const row = await db.selectFrom(table).select('event_id').where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(what, id);
    return row.event_id;
  }

  // Tracks ------------------------------------------------------------------------------------
  async function createTrack(
    actor: Actor,
    eventId: string,
    input: Required<Pick<TrackInput, 'name'>> & TrackInput,
  ) {
    await managedEvent(db, actor, eventId);
    const now = clock.now();
    const id = newId('trk', now.getTime());
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('conf_tracks')
          .values({
            id,
            event_id: eventId,
            name_zh: input.name['zh-CN'],
            name_en: input.name['en-US'],
            color: input.color ?? '#1677ff',
            position: input.position ?? 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await audit(trx, actor, 'track_create', 'conf_track', id, input);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw trackNameTaken();
      throw e;
    }
    return (await trackOf(db, eventId, id))!;
  }

  async function updateTrack(actor: Actor, trackId: string, input: TrackInput) {
    const eventId = await eventOfRow('conf_tracks', trackId, 'Track');
    await managedEvent(db, actor, eventId);
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('conf_tracks')
          .set({
            ...(input.name ? { name_zh: input.name['zh-CN'], name_en: input.name['en-US'] } : {}),
            ...(input.color !== undefined ? { color: input.color } : {}),
            ...(input.position !== undefined ? { position: input.position } : {}),
            updated_at: clock.now(),
          })
          .where('id', '=', trackId)
          .execute();
        await audit(trx, actor, 'track_update', 'conf_track', trackId, input);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw trackNameTaken();
      throw e;
    }
    return (await trackOf(db, eventId, trackId))!;
  }

  async function deleteTrack(actor: Actor, trackId: string) {
    const eventId = await eventOfRow('conf_tracks', trackId, 'Track');
    await managedEvent(db, actor, eventId);
    try {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('conf_tracks').where('id', '=', trackId).execute();
        await audit(trx, actor, 'track_delete', 'conf_track', trackId);
      });
    } catch (e) {
      // Sessions reference the track, and so may the call for proposals' proposals.
      if (isFkViolation(e)) throw trackInUse(trackId);
      throw e;
    }
  }

  // Rooms -------------------------------------------------------------------------------------
  const checkHours = (opensAt: string, closesAt: string) => {
    if (minutes(closesAt) <= minutes(opensAt) || minutes(closesAt) > 24 * 60) throw invalidRoomHours();
  };

  async function roomView(id: string) {
    const r = await db
      .selectFrom('programme_rooms')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toRoom(r);
  }

  async function createRoom(
    actor: Actor,
    eventId: string,
    input: RoomInput & { name: { 'zh-CN': string; 'en-US': string }; capacity: number },
  ) {
    await managedEvent(db, actor, eventId);
    const opensAt = input.opensAt ?? '09:00';
    const closesAt = input.closesAt ?? '18:00';
    checkHours(opensAt, closesAt);
    const now = clock.now();
    const id = newId('rom', now.getTime());
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('programme_rooms')
        .values({
          id,
          event_id: eventId,
          name_zh: input.name['zh-CN'],
          name_en: input.name['en-US'],
          capacity: input.capacity,
          opens_at: opensAt,
          closes_at: closesAt,
          position: input.position ?? 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await audit(trx, actor, 'room_create', 'programme_room', id, input);
    });
    return roomView(id);
  }

  async function updateRoom(actor: Actor, roomId: string, input: RoomInput) {
    const eventId = await eventOfRow('programme_rooms', roomId, 'Room');
    await managedEvent(db, actor, eventId);
    const current = await roomView(roomId);
    checkHours(input.opensAt ?? current.opensAt, input.closesAt ?? current.closesAt);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('programme_rooms')
        .set({
          ...(input.name ? { name_zh: input.name['zh-CN'], name_en: input.name['en-US'] } : {}),
          ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
          ...(input.opensAt !== undefined ? { opens_at: input.opensAt } : {}),
          ...(input.closesAt !== undefined ? { closes_at: input.closesAt } : {}),
          ...(input.position !== undefined ? { position: input.position } : {}),
          updated_at: clock.now(),
        })
        .where('id', '=', roomId)
        .execute();
      await audit(trx, actor, 'room_update', 'programme_room', roomId, input);
    });
    return roomView(roomId);
  }

  async function deleteRoom(actor: Actor, roomId: string) {
    const eventId = await eventOfRow('programme_rooms', roomId, 'Room');
    await managedEvent(db, actor, eventId);
    const placed = await db
      .selectFrom('programme_sessions')
      .select('id')
      .where('room_id', '=', roomId)
      .limit(1)
      .executeTakeFirst();
    const versions = await db
      .selectFrom('programme_versions')
      .select('snapshot')
      .where('event_id', '=', eventId)
      .execute();
    const inVersion = versions.some((v) => JSON.stringify(v.snapshot).includes(`"roomId":"${roomId}"`));
    if (placed || inVersion) throw roomInUse(roomId);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('programme_rooms').where('id', '=', roomId).execute();
      await audit(trx, actor, 'room_delete', 'programme_room', roomId);
    });
  }

  // Speakers ----------------------------------------------------------------------------------
  async function createSpeaker(actor: Actor, eventId: string, input: SpeakerInput & { name: string }) {
    await managedEvent(db, actor, eventId);
    const now = clock.now();
    const id = newId('psp', now.getTime());
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('programme_speakers')
        .values({
          id,
          event_id: eventId,
          profile_id: null,
          user_id: input.userId ?? null,
          email: input.email?.toLowerCase() ?? null,
          name: input.name,
          company: input.company ?? null,
          bio: input.bio ?? null,
          photo_url: input.photoUrl ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await audit(trx, actor, 'speaker_create', 'programme_speaker', id, input);
    });
    return toOrganizerSpeaker((await speakerRow(db, id))!);
  }

  async function updateSpeaker(actor: Actor, speakerId: string, input: SpeakerInput) {
    const eventId = await eventOfRow('programme_speakers', speakerId, 'Speaker');
    await managedEvent(db, actor, eventId);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('programme_speakers')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.email !== undefined ? { email: input.email?.toLowerCase() ?? null } : {}),
          ...(input.company !== undefined ? { company: input.company } : {}),
          ...(input.bio !== undefined ? { bio: input.bio } : {}),
          ...(input.photoUrl !== undefined ? { photo_url: input.photoUrl } : {}),
          ...(input.userId !== undefined ? { user_id: input.userId } : {}),
          updated_at: clock.now(),
        })
        .where('id', '=', speakerId)
        .execute();
      await audit(trx, actor, 'speaker_update', 'programme_speaker', speakerId, input);
    });
    return toOrganizerSpeaker((await speakerRow(db, speakerId))!);
  }

  // Sessions ----------------------------------------------------------------------------------
  async function checkRefs(eventId: string, input: SessionInput) {
    if (input.trackId && !(await trackOf(db, eventId, input.trackId))) throw unknownTrack(input.trackId);
    if (input.speakerIds?.length) {
      const found = await db
        .selectFrom('programme_speakers')
        .select('id')
        .where('event_id', '=', eventId)
        .where('id', 'in', input.speakerIds)
        .execute();
      const ids = new Set(found.map((f) => f.id));
      const missing = input.speakerIds.find((s) => !ids.has(s));
      if (missing) throw unknownSpeaker(missing);
    }
  }

  async function setSpeakers(trx: Kysely<DB>, sessionId: string, speakerIds: string[]) {
    await trx.deleteFrom('programme_session_speakers').where('session_id', '=', sessionId).execute();
    const unique = [...new Set(speakerIds)];
    if (unique.length)
      await trx
        .insertInto('programme_session_speakers')
        .values(unique.map((speaker_id, position) => ({ session_id: sessionId, speaker_id, position })))
        .execute();
  }

  async function withConflicts(ev: ProgrammeEvent, sessionId: string) {
    const session = (await loadSession(db, sessionId))!;
    return { session, conflicts: conflictsOf(await draftConflicts(db, ev), sessionId) };
  }

  async function createSession(
    actor: Actor,
    eventId: string,
    input: SessionInput & Required<Pick<SessionInput, 'kind' | 'title' | 'language' | 'durationMinutes'>>,
  ) {
    await managedEvent(db, actor, eventId);
    await checkRefs(eventId, input);
    const now = clock.now();
    const id = newId('pss', now.getTime());
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('programme_sessions')
        .values({
          id,
          event_id: eventId,
          proposal_id: null,
          kind: input.kind,
          status: 'confirmed',
          title: input.title,
          abstract: input.abstract ?? '',
          language: input.language,
          level: input.level ?? null,
          duration_minutes: input.durationMinutes,
          track_id: input.trackId ?? null,
          seats: input.seats ?? null,
          expected_audience: input.expectedAudience ?? null,
          documents: JSON.stringify(input.documents ?? []),
          room_id: null,
          starts_at: null,
          ends_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await setSpeakers(trx, id, input.speakerIds ?? []);
      await audit(trx, actor, 'session_create', 'programme_session', id, input);
    });
    return (await loadSession(db, id))!;
  }

  async function updateSession(actor: Actor, sessionId: string, input: SessionInput) {
    const eventId = await eventOfRow('programme_sessions', sessionId, 'Session');
    const ev = await managedEvent(db, actor, eventId);
    await checkRefs(eventId, input);
    const current = (await loadSession(db, sessionId))!;
    if (input.seats !== undefined && input.seats !== null && input.seats < current.seatsTaken)
      throw seatsBelowTaken(current.seatsTaken);
    const duration = input.durationMinutes ?? current.durationMinutes;
    const cancelling = input.status === 'cancelled';
    await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('programme_sessions')
        .set({
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.abstract !== undefined ? { abstract: input.abstract } : {}),
          ...(input.language !== undefined ? { language: input.language } : {}),
          ...(input.level !== undefined ? { level: input.level } : {}),
          ...(input.durationMinutes !== undefined ? { duration_minutes: input.durationMinutes } : {}),
          ...(input.trackId !== undefined ? { track_id: input.trackId } : {}),
          ...(input.seats !== undefined ? { seats: input.seats } : {}),
          ...(input.expectedAudience !== undefined ? { expected_audience: input.expectedAudience } : {}),
          ...(input.documents !== undefined ? { documents: JSON.stringify(input.documents) } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(cancelling ? { room_id: null, starts_at: null, ends_at: null } : {}),
          ...(!cancelling && current.placement && input.durationMinutes !== undefined
            ? { ends_at: new Date(Date.parse(current.placement.startsAt) + duration * 60_000) }
            : {}),
          updated_at: clock.now(),
        })
        .where('id', '=', sessionId)
        // Seats only shrink to what is taken: the conditional write is the guard, not the read.
        .where((eb) =>
          input.seats !== undefined && input.seats !== null
            ? eb('seats_taken', '<=', input.seats)
            : eb.lit(true),
        )
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw seatsBelowTaken(current.seatsTaken);
      if (input.speakerIds !== undefined) await setSpeakers(trx, sessionId, input.speakerIds);
      await audit(
        trx,
        actor,
        cancelling ? 'session_cancel' : 'session_update',
        'programme_session',
        sessionId,
        input,
      );
    });
    return withConflicts(ev, sessionId);
  }

  async function cancelSession(actor: Actor, sessionId: string) {
    return (await updateSession(actor, sessionId, { status: 'cancelled' })).session;
  }

  async function place(
    actor: Actor,
    sessionId: string,
    placement: { roomId: string; startsAt: string } | null,
  ) {
    const eventId = await eventOfRow('programme_sessions', sessionId, 'Session');
    const ev = await managedEvent(db, actor, eventId);
    const current = (await loadSession(db, sessionId))!;
    if (placement) {
      if (current.status === 'cancelled') throw sessionCancelled(sessionId);
      const room = await db
        .selectFrom('programme_rooms')
        .select('id')
        .where('id', '=', placement.roomId)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      if (!room) throw unknownRoom(placement.roomId);
    }
    const startsAt = placement ? new Date(placement.startsAt) : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('programme_sessions')
        .set({
          room_id: placement?.roomId ?? null,
          starts_at: startsAt,
          ends_at: startsAt ? new Date(startsAt.getTime() + current.durationMinutes * 60_000) : null,
          updated_at: clock.now(),
        })
        .where('id', '=', sessionId)
        .execute();
      await audit(trx, actor, 'session_place', 'programme_session', sessionId, placement);
    });
    return withConflicts(ev, sessionId);
  }

  return {
    createTrack,
    updateTrack,
    deleteTrack,
    createRoom,
    updateRoom,
    deleteRoom,
    createSpeaker,
    updateSpeaker,
    createSession,
    updateSession,
    cancelSession,
    place,
  };
}
export type Editor = ReturnType<typeof createEditor>;

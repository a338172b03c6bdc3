import type { paths } from '../../../client/index.js';
import { call, carnival, idempotent } from '../api/typed';

/** The programme's routes (docs/programme.md), through the generated client. */
const path = (id: string) => ({ path: { id } });
const key = () => idempotent(crypto.randomUUID());

type Json<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type PutSession = Json<'/api/organizer/sessions/{id}', 'put'>;
type PostSession = Json<'/api/organizer/events/{id}/sessions', 'post'>;
type PostRoom = Json<'/api/organizer/events/{id}/rooms', 'post'>;
type PutRoom = Json<'/api/organizer/rooms/{id}', 'put'>;
type PostTrack = Json<'/api/organizer/events/{id}/tracks', 'post'>;
type PutTrack = Json<'/api/organizer/tracks/{id}', 'put'>;
export type SessionInput = PostSession;
export type SessionChange = PutSession;
export type RoomInput = PostRoom;

export const programmeApi = {
  programme: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/programme', { params: path(eventId) })),
  createTrack: (eventId: string, body: PostTrack) =>
    call(carnival.POST('/api/organizer/events/{id}/tracks', { params: path(eventId), body, headers: key() })),
  updateTrack: (id: string, body: PutTrack) =>
    call(carnival.PUT('/api/organizer/tracks/{id}', { params: path(id), body })),
  deleteTrack: (id: string) => call(carnival.DELETE('/api/organizer/tracks/{id}', { params: path(id) })),
  createRoom: (eventId: string, body: PostRoom) =>
    call(carnival.POST('/api/organizer/events/{id}/rooms', { params: path(eventId), body, headers: key() })),
  updateRoom: (id: string, body: PutRoom) =>
    call(carnival.PUT('/api/organizer/rooms/{id}', { params: path(id), body })),
  deleteRoom: (id: string) => call(carnival.DELETE('/api/organizer/rooms/{id}', { params: path(id) })),
  createSpeaker: (eventId: string, body: { name: string; company?: string }) =>
    call(
      carnival.POST('/api/organizer/events/{id}/speakers', { params: path(eventId), body, headers: key() }),
    ),
  createSession: (eventId: string, body: PostSession) =>
    call(
      carnival.POST('/api/organizer/events/{id}/sessions', { params: path(eventId), body, headers: key() }),
    ),
  updateSession: (id: string, body: PutSession) =>
    call(carnival.PUT('/api/organizer/sessions/{id}', { params: path(id), body })),
  place: (id: string, placement: { roomId: string; startsAt: string } | null) =>
    call(
      carnival.PUT('/api/organizer/sessions/{id}/placement', {
        params: path(id),
        body: placement as { roomId: string; startsAt: string },
      }),
    ),
  publish: (eventId: string, note: string) =>
    call(
      carnival.POST('/api/organizer/events/{id}/schedule/versions', {
        params: path(eventId),
        body: note ? { note } : {},
        headers: key(),
      }),
    ),
  feedback: (eventId: string) =>
    call(carnival.GET('/api/organizer/events/{id}/feedback', { params: path(eventId) })),
  feedbackCsvUrl: (eventId: string) => `/api/organizer/events/${encodeURIComponent(eventId)}/feedback.csv`,

  agenda: (eventId: string) => call(carnival.GET('/api/events/{id}/agenda', { params: path(eventId) })),
  versions: (eventId: string) =>
    call(carnival.GET('/api/events/{id}/schedule/versions', { params: path(eventId) })).then((r) => r.items),
  version: (eventId: string, n: number) =>
    call(carnival.GET('/api/events/{id}/schedule/versions/{n}', { params: { path: { id: eventId, n } } })),
  agendaIcalUrl: (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/agenda.ics`,
  session: (id: string) => call(carnival.GET('/api/sessions/{id}', { params: path(id) })),
  speaker: (eventId: string, speakerId: string) =>
    call(
      carnival.GET('/api/events/{id}/speakers/{speakerId}', { params: { path: { id: eventId, speakerId } } }),
    ),

  myAgenda: (eventId?: string) =>
    call(carnival.GET('/api/me/agenda', { params: { query: eventId ? { eventId } : {} } })),
  save: (sessionId: string) => call(carnival.PUT('/api/me/agenda/{id}', { params: path(sessionId) })),
  unsave: (sessionId: string) => call(carnival.DELETE('/api/me/agenda/{id}', { params: path(sessionId) })),
  newFeed: () => call(carnival.POST('/api/me/agenda-feed/token', { headers: key() })),
  mySeats: () => call(carnival.GET('/api/me/seats')).then((r) => r.items),
  reserveSeat: (sessionId: string, waitlist: boolean) =>
    call(
      carnival.POST('/api/sessions/{id}/seats', {
        params: path(sessionId),
        body: waitlist ? { waitlist: true } : {},
        headers: key(),
      }),
    ),
  cancelSeat: (sessionId: string) =>
    call(carnival.DELETE('/api/sessions/{id}/seats', { params: path(sessionId) })),
  notices: () => call(carnival.GET('/api/me/programme-notices')).then((r) => r.items),
  unreadNotices: () => call(carnival.GET('/api/me/programme-notices/unread')).then((r) => r.unread),
  markNoticesRead: (which: { eventId?: string; version?: number } = {}) =>
    call(carnival.POST('/api/me/programme-notices/read', { body: which })),
  speakerFeedback: () => call(carnival.GET('/api/me/speaker-feedback')).then((r) => r.items),
  giveFeedback: (sessionId: string, rating: number, comment: string) =>
    call(
      carnival.POST('/api/sessions/{id}/feedback', {
        params: path(sessionId),
        body: comment ? { rating, comment } : { rating },
        headers: key(),
      }),
    ),
};

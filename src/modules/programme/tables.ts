import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** A conference's track (migration 0027): read by the call for proposals and the schedule. */
export interface ConfTracksTable {
  id: string;
  event_id: string;
  name_zh: string;
  name_en: string;
  color: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type SessionKind = 'talk' | 'workshop' | 'keynote' | 'lightning' | 'break';
export type SessionStatus = 'confirmed' | 'cancelled';
export interface SessionDocument {
  title: string;
  url: string;
}

/** Migration 0029 from here on. */
export interface ProgrammeRoomsTable {
  id: string;
  event_id: string;
  name_zh: string;
  name_en: string;
  capacity: number;
  /** 'HH:MM', wall time in the event's time zone. */
  opens_at: string;
  closes_at: string;
  position: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeSpeakersTable {
  id: string;
  event_id: string;
  /** The call for proposals' speaker profile; null for invited speakers the organizer added. */
  profile_id: string | null;
  user_id: string | null;
  email: string | null;
  name: string;
  company: string | null;
  bio: string | null;
  photo_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeSessionsTable {
  id: string;
  event_id: string;
  proposal_id: string | null;
  kind: SessionKind;
  status: Defaulted<SessionStatus>;
  title: string;
  abstract: Defaulted<string>;
  language: 'zh-CN' | 'en-US';
  level: 'beginner' | 'intermediate' | 'advanced' | null;
  duration_minutes: number;
  track_id: string | null;
  seats: number | null;
  seats_taken: Defaulted<number>;
  expected_audience: number | null;
  documents: ColumnType<SessionDocument[], string | undefined, string>;
  room_id: string | null;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeSessionSpeakersTable {
  session_id: string;
  speaker_id: string;
  position: Defaulted<number>;
}

export interface ProgrammeVersionsTable {
  id: string;
  event_id: string;
  number: number;
  note: string | null;
  snapshot: Json<unknown>;
  changes: Json<unknown>;
  published_by: string;
  published_at: Timestamp;
}

export interface ProgrammeSavedTable {
  id: string;
  user_id: string;
  session_id: string;
  event_id: string;
  created_at: Timestamp;
}

export interface ProgrammeFeedTokensTable {
  user_id: string;
  token: string;
  created_at: Timestamp;
}

export interface ProgrammeNoticesTable {
  user_id: string;
  event_id: string;
  version: number;
  session_ids: Json<string[]>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface ProgrammeSeatsTable {
  id: string;
  session_id: string;
  event_id: string;
  user_id: string;
  status: 'reserved' | 'waiting';
  created_at: Timestamp;
}

export interface ProgrammeFeedbackTable {
  id: string;
  session_id: string;
  event_id: string;
  user_id: string;
  rating: number;
  comment: Defaulted<string>;
  created_at: Timestamp;
}

export interface ProgrammeTables {
  conf_tracks: ConfTracksTable;
  programme_rooms: ProgrammeRoomsTable;
  programme_speakers: ProgrammeSpeakersTable;
  programme_sessions: ProgrammeSessionsTable;
  programme_session_speakers: ProgrammeSessionSpeakersTable;
  programme_versions: ProgrammeVersionsTable;
  programme_saved: ProgrammeSavedTable;
  programme_feed_tokens: ProgrammeFeedTokensTable;
  programme_notices: ProgrammeNoticesTable;
  programme_seats: ProgrammeSeatsTable;
  programme_feedback: ProgrammeFeedbackTable;
}

import { type Kysely, sql } from 'kysely';

/**
 * Issue 12 items 3–6: the conference programme. Rooms with daily hours, sessions (from confirmed
 * proposals through the handoff, or made by the organizer: invited talks, keynotes, breaks) with
 * their draft placement, published versions (a snapshot each, so the agenda and its changelog
 * never move when the draft does), saved sessions ("my schedule") with a feed token, notices of
 * changed sessions, workshop seats (a counter moved by conditional writes, one row per user) and
 * feedback (one per user per session).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE programme_rooms (
      id text PRIMARY KEY,
      event_id text NOT NULL REFERENCES campaigns(id),
      name_zh text NOT NULL,
      name_en text NOT NULL,
      capacity integer NOT NULL CHECK (capacity > 0),
      opens_at text NOT NULL,
      closes_at text NOT NULL,
      position integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX programme_rooms_event ON programme_rooms (event_id, position, id)`.execute(db);

  await sql`
    CREATE TABLE programme_speakers (
      id text PRIMARY KEY,
      event_id text NOT NULL REFERENCES campaigns(id),
      profile_id text,
      user_id text,
      email text,
      name text NOT NULL,
      company text,
      bio text,
      photo_url text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX programme_speakers_event ON programme_speakers (event_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX programme_speakers_profile ON programme_speakers (profile_id) WHERE profile_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX programme_speakers_user ON programme_speakers (user_id) WHERE user_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE programme_sessions (
      id text PRIMARY KEY,
      event_id text NOT NULL REFERENCES campaigns(id),
      proposal_id text UNIQUE,
      kind text NOT NULL,
      status text NOT NULL DEFAULT 'confirmed',
      title text NOT NULL,
      abstract text NOT NULL DEFAULT '',
      language text NOT NULL,
      level text,
      duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
      track_id text REFERENCES conf_tracks(id),
      seats integer CHECK (seats IS NULL OR seats >= 0),
      seats_taken integer NOT NULL DEFAULT 0,
      expected_audience integer,
      documents jsonb NOT NULL DEFAULT '[]'::jsonb,
      room_id text REFERENCES programme_rooms(id),
      starts_at timestamptz,
      ends_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT programme_sessions_seats_cap CHECK (seats_taken >= 0 AND (seats IS NULL OR seats_taken <= seats))
    )`.execute(db);
  await sql`CREATE INDEX programme_sessions_event ON programme_sessions (event_id)`.execute(db);

  await sql`
    CREATE TABLE programme_session_speakers (
      session_id text NOT NULL REFERENCES programme_sessions(id),
      speaker_id text NOT NULL REFERENCES programme_speakers(id),
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (session_id, speaker_id)
    )`.execute(db);
  await sql`CREATE INDEX programme_session_speakers_speaker ON programme_session_speakers (speaker_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE programme_versions (
      id text PRIMARY KEY,
      event_id text NOT NULL REFERENCES campaigns(id),
      number integer NOT NULL,
      note text,
      snapshot jsonb NOT NULL,
      changes jsonb NOT NULL,
      published_by text NOT NULL,
      published_at timestamptz NOT NULL,
      UNIQUE (event_id, number)
    )`.execute(db);

  await sql`
    CREATE TABLE programme_saved (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      session_id text NOT NULL REFERENCES programme_sessions(id),
      event_id text NOT NULL REFERENCES campaigns(id),
      created_at timestamptz NOT NULL,
      UNIQUE (user_id, session_id)
    )`.execute(db);
  await sql`CREATE INDEX programme_saved_session ON programme_saved (session_id)`.execute(db);

  await sql`
    CREATE TABLE programme_feed_tokens (
      user_id text PRIMARY KEY REFERENCES users(id),
      token text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE programme_notices (
      user_id text NOT NULL REFERENCES users(id),
      event_id text NOT NULL REFERENCES campaigns(id),
      version integer NOT NULL,
      session_ids jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      PRIMARY KEY (user_id, event_id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE programme_seats (
      id text PRIMARY KEY,
      session_id text NOT NULL REFERENCES programme_sessions(id),
      event_id text NOT NULL REFERENCES campaigns(id),
      user_id text NOT NULL REFERENCES users(id),
      status text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (session_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX programme_seats_waiting ON programme_seats (session_id, status, created_at, id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE programme_feedback (
      id text PRIMARY KEY,
      session_id text NOT NULL REFERENCES programme_sessions(id),
      event_id text NOT NULL REFERENCES campaigns(id),
      user_id text NOT NULL REFERENCES users(id),
      rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
      comment text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL,
      UNIQUE (session_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX programme_feedback_event ON programme_feedback (event_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'programme_feedback',
    'programme_seats',
    'programme_notices',
    'programme_feed_tokens',
    'programme_saved',
    'programme_versions',
    'programme_session_speakers',
    'programme_sessions',
    'programme_speakers',
    'programme_rooms',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * Issue 12 items 1–2: the call for proposals. Settings and submission types per event, speaker
 * profiles (one per user per event), proposals and their speakers, co-speaker invites (token
 * stored hashed), reviewer appointments per track, reviews (one per reviewer per proposal) and
 * the speakers' in-app notices. State changes are conditional UPDATEs on `cfp_proposals.state`;
 * the CHECKs and unique indexes are the last line of defence behind them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cfp_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique().references('campaigns.id'))
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('anonymised_review', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('criteria', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`ALTER TABLE cfp_settings ADD CONSTRAINT cfp_settings_window CHECK (opens_at < closes_at)`.execute(
    db,
  );

  await db.schema
    .createTable('cfp_submission_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind IN ('talk','workshop','keynote','lightning')`),
    )
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes > 0`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX cfp_submission_types_event ON cfp_submission_types (event_id, position, id)`.execute(
    db,
  );

  await db.schema
    .createTable('cfp_speakers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_url', 'text')
    .addColumn('company', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX cfp_speakers_event_user ON cfp_speakers (event_id, user_id)`.execute(db);

  await db.schema
    .createTable('cfp_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('submitter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('track_id', 'text', (c) => c.references('conf_tracks.id'))
    .addColumn('submission_type_id', 'text', (c) => c.notNull().references('cfp_submission_types.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level IN ('beginner','intermediate','advanced')`),
    )
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language IN ('zh-CN','en-US')`))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('expected_audience', 'integer')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('submitted')
        .check(sql`state IN ('submitted','accepted','rejected','confirmed','withdrawn')`),
    )
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX cfp_proposals_event ON cfp_proposals (event_id, track_id, state)`.execute(db);
  await sql`CREATE INDEX cfp_proposals_submitter ON cfp_proposals (submitter_id, id)`.execute(db);

  await db.schema
    .createTable('cfp_proposal_speakers')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('cfp_proposals.id'))
    .addColumn('speaker_id', 'text', (c) => c.notNull().references('cfp_speakers.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('cfp_proposal_speakers_pk', ['proposal_id', 'speaker_id'])
    .execute();
  await sql`CREATE INDEX cfp_proposal_speakers_user ON cfp_proposal_speakers (user_id)`.execute(db);

  await db.schema
    .createTable('cfp_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('cfp_proposals.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status IN ('pending','accepted','revoked')`),
    )
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX cfp_invites_proposal ON cfp_invites (proposal_id)`.execute(db);

  await db.schema
    .createTable('cfp_reviewers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('track_id', 'text', (c) => c.notNull().references('conf_tracks.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX cfp_reviewers_unique ON cfp_reviewers (event_id, track_id, user_id)`.execute(
    db,
  );
  await sql`CREATE INDEX cfp_reviewers_user ON cfp_reviewers (user_id)`.execute(db);

  await db.schema
    .createTable('cfp_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('cfp_proposals.id'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('scores', 'jsonb', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX cfp_reviews_one ON cfp_reviews (proposal_id, reviewer_id)`.execute(db);

  await db.schema
    .createTable('cfp_notices')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX cfp_notices_user ON cfp_notices (user_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'cfp_notices',
    'cfp_reviews',
    'cfp_reviewers',
    'cfp_invites',
    'cfp_proposal_speakers',
    'cfp_proposals',
    'cfp_speakers',
    'cfp_submission_types',
    'cfp_settings',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}

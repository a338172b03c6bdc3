import type { Kysely } from 'kysely';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { ProposalHandoff, ProposalWithdrawal } from './proposal-handoff';

/**
 * The programme's side of the handoff from the call for proposals (issue 12): a confirmed
 * proposal becomes (or updates) an unscheduled session keyed by its proposal id, its speakers
 * upserted by profile id. Runs inside the caller's transaction; a re-confirmation keeps the
 * session's placement and seats. The clock is the database's: the caller's transaction has no
 * clock to pass.
 */
export const proposalHandoff: ProposalHandoff = async (trx, p) => {
  const db = trx as Kysely<DB>;
  const now = new Date();
  const speakerIds: string[] = [];
  for (const sp of p.speakers) {
    const id = newId('psp', now.getTime());
    const row = await db
      .insertInto('programme_speakers')
      .values({
        id,
        event_id: p.eventId,
        profile_id: sp.profileId,
        user_id: sp.userId,
        email: sp.email.toLowerCase(),
        name: sp.name,
        company: sp.company,
        bio: sp.bio,
        photo_url: sp.photoUrl,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('profile_id').where('profile_id', 'is not', null).doUpdateSet({
          user_id: sp.userId,
          email: sp.email.toLowerCase(),
          name: sp.name,
          company: sp.company,
          bio: sp.bio,
          photo_url: sp.photoUrl,
          updated_at: now,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    speakerIds.push(row.id);
  }
  const fields = {
    kind: p.kind,
    title: p.title,
    abstract: p.abstract,
    language: p.language,
    level: p.level,
    duration_minutes: p.durationMinutes,
    track_id: p.trackId,
    expected_audience: p.expectedAudience,
    status: 'confirmed' as const,
    updated_at: now,
  };
  const session = await db
    .insertInto('programme_sessions')
    .values({
      id: newId('pss', now.getTime()),
      event_id: p.eventId,
      proposal_id: p.proposalId,
      ...fields,
      // A workshop offers the seats its speaker asked for; the organizer may change them.
      seats: p.kind === 'workshop' ? p.expectedAudience : null,
      documents: '[]',
      room_id: null,
      starts_at: null,
      ends_at: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('proposal_id').doUpdateSet(fields))
    .returning(['id', 'starts_at'])
    .executeTakeFirstOrThrow();
  if (session.starts_at)
    // The duration may have changed: the placement keeps its start.
    await db
      .updateTable('programme_sessions')
      .set({ ends_at: new Date(new Date(session.starts_at).getTime() + p.durationMinutes * 60_000) })
      .where('id', '=', session.id)
      .execute();
  await db.deleteFrom('programme_session_speakers').where('session_id', '=', session.id).execute();
  const unique = [...new Set(speakerIds)];
  if (unique.length)
    await db
      .insertInto('programme_session_speakers')
      .values(unique.map((speaker_id, position) => ({ session_id: session.id, speaker_id, position })))
      .execute();
};

/** A withdrawn confirmed proposal cancels its session; published versions keep it until the next. */
export const proposalWithdrawal: ProposalWithdrawal = async (trx, proposalId) => {
  await (trx as Kysely<DB>)
    .updateTable('programme_sessions')
    .set({ status: 'cancelled', room_id: null, starts_at: null, ends_at: null, updated_at: new Date() })
    .where('proposal_id', '=', proposalId)
    .execute();
};

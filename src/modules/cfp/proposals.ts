import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { type ConfirmedProposal, listTracks, trackOf } from '../programme';
import { conferenceOf, manages, visibleConference } from './access';
import { cfpClosed, invalidProposal, notSpeaker, profileRequired, proposalState } from './errors';
import { isSpeakerOf, myProposals, type ProposalRow, speakersOf, toProfile } from './model';
import type { ProfileInput, ProposalInput, ProposalPatch } from './schemas';
import { settingsOf, statusAt } from './settings';
import type { ProposalState } from './tables';

export interface Handoffs {
  onConfirmed?: (trx: Kysely<DB>, proposal: ConfirmedProposal) => Promise<void>;
  onWithdrawn?: (trx: Kysely<DB>, proposalId: string) => Promise<void>;
}

export async function proposalRow(db: Kysely<DB>, id: string): Promise<ProposalRow> {
  const r = await db.selectFrom('cfp_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Proposal', id);
  return r;
}

/** The open CfP of an event, or 409 CFP_CLOSED naming why not. */
export async function openCfp(db: Kysely<DB>, eventId: string, now: Date) {
  const s = await settingsOf(db, eventId);
  if (!s) throw cfpClosed(eventId, 'not_configured');
  const status = statusAt(s, now);
  if (status !== 'open') throw cfpClosed(eventId, status === 'closed' ? 'closed' : 'not_open');
  return s;
}

/** The user's profile for the event, made or updated from `input` when given. */
export async function upsertProfile(
  db: Kysely<DB>,
  actor: Actor,
  eventId: string,
  input: ProfileInput | undefined,
  now: Date,
) {
  const existing = await db
    .selectFrom('cfp_speakers')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!input) {
    if (!existing) throw profileRequired();
    return toProfile(existing);
  }
  const values = {
    name: input.name,
    bio: input.bio,
    photo_url: input.photoUrl ?? null,
    company: input.company ?? null,
    email: actor.email.toLowerCase(),
    updated_at: now,
  };
  const row = await db
    .insertInto('cfp_speakers')
    .values({
      id: newId('csp', now.getTime()),
      event_id: eventId,
      user_id: actor.userId,
      created_at: now,
      ...values,
    })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProfile(row);
}

/** Checks the track, the submission type and the expected audience against the event. */
async function checkFields(
  db: Kysely<DB>,
  eventId: string,
  p: { trackId?: string | null; submissionTypeId: string; expectedAudience?: number | null },
) {
  const type = await db
    .selectFrom('cfp_submission_types')
    .select(['id', 'kind'])
    .where('id', '=', p.submissionTypeId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!type) throw invalidProposal('submissionTypeId', 'not a submission type of this event');
  if (p.trackId) {
    if (!(await trackOf(db, eventId, p.trackId)))
      throw invalidProposal('trackId', 'not a track of this event');
  } else if ((await listTracks(db, eventId)).length > 0) {
    throw invalidProposal('trackId', 'choose one of the event’s tracks');
  }
  if (p.expectedAudience != null && type.kind !== 'workshop')
    throw invalidProposal('expectedAudience', 'only workshops ask for seats');
}

export function createProposals(deps: { db: Kysely<DB>; clock: Clock; handoffs: () => Handoffs }) {
  const { db, clock } = deps;

  /** The proposal a speaker (or the event's organizer, an operator) may see; 404 for others. */
  async function readable(actor: Actor, id: string) {
    const r = await proposalRow(db, id);
    if (await isSpeakerOf(db, id, actor.userId)) return r;
    if (manages(actor, await conferenceOf(db, r.event_id))) return r;
    throw notFound('Proposal', id);
  }
  async function spoken(actor: Actor, id: string) {
    const r = await proposalRow(db, id);
    if (!(await isSpeakerOf(db, id, actor.userId))) {
      if (manages(actor, await conferenceOf(db, r.event_id))) throw notSpeaker(id);
      throw notFound('Proposal', id);
    }
    return r;
  }
  const one = async (actor: Actor, id: string) =>
    (await myProposals(db, [await proposalRow(db, id)], actor.userId, clock.now()))[0]!;

  async function confirmedProposal(trx: Kysely<DB>, r: ProposalRow): Promise<ConfirmedProposal> {
    const type = await trx
      .selectFrom('cfp_submission_types')
      .select(['kind', 'duration_minutes'])
      .where('id', '=', r.submission_type_id)
      .executeTakeFirstOrThrow();
    const speakers = (await speakersOf(trx, [r.id])).get(r.id) ?? [];
    return {
      proposalId: r.id,
      eventId: r.event_id,
      trackId: r.track_id,
      kind: type.kind,
      durationMinutes: type.duration_minutes,
      language: r.language,
      title: r.title,
      abstract: r.abstract,
      level: r.level,
      expectedAudience: r.expected_audience,
      speakers: speakers.map((s) => ({
        profileId: s.id,
        userId: s.userId,
        email: s.email,
        name: s.name,
        company: s.company,
        bio: s.bio,
        photoUrl: s.photoUrl,
      })),
    };
  }

  return {
    confirmedProposal,

    async profile(actor: Actor, eventId: string) {
      await visibleConference(db, actor, eventId);
      const r = await db
        .selectFrom('cfp_speakers')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      return r ? toProfile(r) : null;
    },

    async saveProfile(actor: Actor, eventId: string, input: ProfileInput) {
      await visibleConference(db, actor, eventId);
      return upsertProfile(db, actor, eventId, input, clock.now());
    },

    async submit(actor: Actor, eventId: string, input: ProposalInput) {
      await visibleConference(db, actor, eventId);
      const now = clock.now();
      await openCfp(db, eventId, now);
      await checkFields(db, eventId, input);
      const id = newId('prp', now.getTime());
      await db.transaction().execute(async (trx) => {
        const profile = await upsertProfile(trx, actor, eventId, input.profile, now);
        await trx
          .insertInto('cfp_proposals')
          .values({
            id,
            event_id: eventId,
            submitter_id: actor.userId,
            track_id: input.trackId ?? null,
            submission_type_id: input.submissionTypeId,
            title: input.title,
            abstract: input.abstract,
            description: input.description,
            level: input.level,
            language: input.language,
            notes: input.notesForReviewers,
            expected_audience: input.expectedAudience ?? null,
            decision_reason: null,
            decided_by: null,
            decided_at: null,
            confirmed_at: null,
            withdrawn_at: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await trx
          .insertInto('cfp_proposal_speakers')
          .values({
            proposal_id: id,
            speaker_id: profile.id,
            user_id: actor.userId,
            position: 0,
            created_at: now,
          })
          .execute();
      });
      return one(actor, id);
    },

    async mine(actor: Actor) {
      const rows = await db
        .selectFrom('cfp_proposals')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb.selectFrom('cfp_proposal_speakers').select('proposal_id').where('user_id', '=', actor.userId),
        )
        .orderBy('id', 'desc')
        .execute();
      return myProposals(db, rows, actor.userId, clock.now());
    },

    async get(actor: Actor, id: string) {
      await readable(actor, id);
      return one(actor, id);
    },

    async edit(actor: Actor, id: string, patch: ProposalPatch) {
      const r = await spoken(actor, id);
      const now = clock.now();
      await openCfp(db, r.event_id, now).catch((e) => {
        // Before it opens nobody could have submitted; after it closes, editing ends.
        throw e.details?.reason === 'closed' ? e : cfpClosed(r.event_id, 'closed');
      });
      if (r.state !== 'submitted') throw proposalState(id, r.state);
      const next = {
        trackId: patch.trackId !== undefined ? patch.trackId : r.track_id,
        submissionTypeId: patch.submissionTypeId ?? r.submission_type_id,
        expectedAudience: patch.expectedAudience !== undefined ? patch.expectedAudience : r.expected_audience,
      };
      await checkFields(db, r.event_id, next);
      const updated = await db
        .updateTable('cfp_proposals')
        .set({
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.abstract !== undefined ? { abstract: patch.abstract } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.level !== undefined ? { level: patch.level } : {}),
          ...(patch.language !== undefined ? { language: patch.language } : {}),
          ...(patch.notesForReviewers !== undefined ? { notes: patch.notesForReviewers } : {}),
          track_id: next.trackId ?? null,
          submission_type_id: next.submissionTypeId,
          expected_audience: next.expectedAudience ?? null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('state', '=', 'submitted')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw proposalState(id, (await proposalRow(db, id)).state);
      return one(actor, id);
    },

    /** Any time; a confirmed proposal's session is cancelled in the same transaction. */
    async withdraw(actor: Actor, id: string, _reason?: string) {
      const r = await spoken(actor, id);
      const from = r.state;
      if (!(['submitted', 'accepted', 'confirmed'] as ProposalState[]).includes(from))
        throw proposalState(id, from);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('cfp_proposals')
          .set({ state: 'withdrawn', withdrawn_at: now, updated_at: now })
          .where('id', '=', id)
          .where('state', '=', from)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) throw proposalState(id, (await proposalRow(trx, id)).state);
        if (from === 'confirmed') await deps.handoffs().onWithdrawn?.(trx, id);
      });
      return one(actor, id);
    },

    /** accepted → confirmed, handing the proposal to the programme in the same transaction. */
    async confirm(actor: Actor, id: string) {
      await spoken(actor, id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('cfp_proposals')
          .set({ state: 'confirmed', confirmed_at: now, updated_at: now })
          .where('id', '=', id)
          .where('state', '=', 'accepted')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) throw proposalState(id, (await proposalRow(trx, id)).state);
        const handoff = deps.handoffs().onConfirmed;
        if (handoff) await handoff(trx, await confirmedProposal(trx, await proposalRow(trx, id)));
      });
      return one(actor, id);
    },
  };
}

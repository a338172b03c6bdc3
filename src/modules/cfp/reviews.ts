import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { type Localized, parsed } from './access';
import { invalidScores, notReviewer, ownProposal, reviewClosed } from './errors';
import { type ProposalContext, type ProposalRow, proposalContext } from './model';
import { proposalRow } from './proposals';
import type { ReviewInput } from './schemas';
import { type Criterion, type SubmissionType, settingsOf, type TrackRef } from './settings';
import type { ProposalLanguage, ProposalLevel, ProposalState } from './tables';

/**
 * The reviewer's side. Everything here is reviewer-facing: in anonymised mode no answer carries
 * a speaker's name, company, bio, photo or e-mail (`speakers: null`); e-mails never.
 */
export interface ReviewEvent {
  id: string;
  title: Localized;
  anonymisedReview: boolean;
  criteria: Criterion[];
  closesAt: string;
}
export interface ReviewSpeaker {
  name: string;
  company: string | null;
  bio: string;
  photoUrl: string | null;
}
export interface ReviewProposal {
  id: string;
  eventId: string;
  title: string;
  abstract: string;
  description: string;
  level: ProposalLevel;
  language: ProposalLanguage;
  notesForReviewers: string;
  track: TrackRef | null;
  submissionType: SubmissionType;
  expectedAudience: number | null;
  state: ProposalState;
  submittedAt: string;
  speakers: ReviewSpeaker[] | null;
}
export interface Review {
  id: string;
  proposalId: string;
  scores: Record<string, number>;
  comment: string;
  average: number;
  createdAt: string;
  updatedAt: string;
}
export interface ReviewQueueItem {
  proposal: ReviewProposal;
  review: Review | null;
  reviewable: boolean;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function toReview(r: {
  id: string;
  proposal_id: string;
  scores: unknown;
  comment: string;
  created_at: Date | string;
  updated_at: Date | string;
}): Review {
  const scores = parsed<Record<string, number>>(r.scores);
  const values = Object.values(scores);
  return {
    id: r.id,
    proposalId: r.proposal_id,
    scores,
    comment: r.comment,
    average: values.length ? round2(mean(values)) : 0,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function toReviewProposal(r: ProposalRow, ctx: ProposalContext, anonymised: boolean): ReviewProposal {
  return {
    id: r.id,
    eventId: r.event_id,
    title: r.title,
    abstract: r.abstract,
    description: r.description,
    level: r.level,
    language: r.language,
    notesForReviewers: r.notes,
    track: r.track_id ? (ctx.tracks.get(r.track_id) ?? null) : null,
    submissionType: ctx.types.get(r.submission_type_id)!,
    expectedAudience: r.expected_audience,
    state: r.state,
    submittedAt: new Date(r.created_at).toISOString(),
    speakers: anonymised
      ? null
      : (ctx.speakers.get(r.id) ?? []).map((s) => ({
          name: s.name,
          company: s.company,
          bio: s.bio,
          photoUrl: s.photoUrl,
        })),
  };
}

export function createReviews({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function reviewEvents(eventIds: string[]): Promise<Map<string, ReviewEvent>> {
    const out = new Map<string, ReviewEvent>();
    if (eventIds.length === 0) return out;
    const titles = await db
      .selectFrom('campaigns')
      .select(['id', 'title'])
      .where('id', 'in', eventIds)
      .execute();
    for (const t of titles) {
      const s = await settingsOf(db, t.id);
      out.set(t.id, {
        id: t.id,
        title: parsed<Localized>(t.title),
        anonymisedReview: s?.anonymisedReview ?? false,
        criteria: s?.criteria ?? [],
        closesAt: (s?.closesAt ?? new Date(0)).toISOString(),
      });
    }
    return out;
  }

  /** The proposal as this reviewer may see it: appointed to its track, and not its speaker. */
  async function reviewable(actor: Actor, proposalId: string) {
    const p = await proposalRow(db, proposalId);
    const appointed =
      p.track_id &&
      (await db
        .selectFrom('cfp_reviewers')
        .select('id')
        .where('event_id', '=', p.event_id)
        .where('track_id', '=', p.track_id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst());
    if (!appointed) throw notReviewer(proposalId);
    const own = await db
      .selectFrom('cfp_proposal_speakers')
      .select('user_id')
      .where('proposal_id', '=', proposalId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (own || p.submitter_id === actor.userId) throw ownProposal(proposalId);
    return p;
  }

  async function myReview(actor: Actor, proposalId: string) {
    const r = await db
      .selectFrom('cfp_reviews')
      .selectAll()
      .where('proposal_id', '=', proposalId)
      .where('reviewer_id', '=', actor.userId)
      .executeTakeFirst();
    return r ? toReview(r) : null;
  }

  return {
    /** The proposals of the reviewer's tracks, never their own nor withdrawn ones. */
    async queue(actor: Actor, eventId?: string) {
      let appointments = db
        .selectFrom('cfp_reviewers')
        .select(['event_id', 'track_id'])
        .where('user_id', '=', actor.userId);
      if (eventId) appointments = appointments.where('event_id', '=', eventId);
      const mine = await appointments.execute();
      const events = await reviewEvents([...new Set(mine.map((a) => a.event_id))]);
      if (mine.length === 0) return { events: [], items: [] };
      const rows = await db
        .selectFrom('cfp_proposals')
        .selectAll()
        .where(
          'track_id',
          'in',
          mine.map((a) => a.track_id),
        )
        .where('state', '!=', 'withdrawn')
        .where('submitter_id', '!=', actor.userId)
        .where('id', 'not in', (eb) =>
          eb.selectFrom('cfp_proposal_speakers').select('proposal_id').where('user_id', '=', actor.userId),
        )
        .orderBy('id')
        .execute();
      const ctx = await proposalContext(db, rows);
      const reviews = rows.length
        ? await db
            .selectFrom('cfp_reviews')
            .selectAll()
            .where('reviewer_id', '=', actor.userId)
            .where(
              'proposal_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      const byProposal = new Map(reviews.map((r) => [r.proposal_id, toReview(r)]));
      return {
        events: [...events.values()],
        items: rows.map((r) => ({
          proposal: toReviewProposal(r, ctx, events.get(r.event_id)?.anonymisedReview ?? true),
          review: byProposal.get(r.id) ?? null,
          reviewable: r.state === 'submitted',
        })),
      };
    },

    async proposal(actor: Actor, proposalId: string) {
      const p = await reviewable(actor, proposalId);
      const event = (await reviewEvents([p.event_id])).get(p.event_id)!;
      const ctx = await proposalContext(db, [p]);
      return {
        event,
        proposal: toReviewProposal(p, ctx, event.anonymisedReview),
        review: await myReview(actor, proposalId),
      };
    },

    /** One review per reviewer per proposal, editable until the proposal is decided. */
    async score(actor: Actor, proposalId: string, input: ReviewInput): Promise<Review> {
      const p = await reviewable(actor, proposalId);
      const s = await settingsOf(db, p.event_id);
      const keys = (s?.criteria ?? []).map((c) => c.key);
      for (const k of Object.keys(input.scores))
        if (!keys.includes(k)) throw invalidScores(`scores.${k}`, 'not a criterion of this event');
      for (const k of keys)
        if (input.scores[k] === undefined) throw invalidScores(`scores.${k}`, 'a score 1–5 is needed');
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        // Locks the proposal against a decision made at the same moment.
        const current = await trx
          .selectFrom('cfp_proposals')
          .select('state')
          .where('id', '=', proposalId)
          .forShare()
          .executeTakeFirstOrThrow();
        if (current.state !== 'submitted') throw reviewClosed(proposalId, current.state);
        const scores = JSON.stringify(input.scores);
        const row = await trx
          .insertInto('cfp_reviews')
          .values({
            id: newId('crs', now.getTime()),
            proposal_id: proposalId,
            reviewer_id: actor.userId,
            scores,
            comment: input.comment,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc
              .columns(['proposal_id', 'reviewer_id'])
              .doUpdateSet({ scores, comment: input.comment, updated_at: now }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toReview(row);
      });
    },
  };
}

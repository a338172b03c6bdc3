import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { listTracks, trackOf } from '../programme';
import { conferenceOf, managedConference, parsed } from './access';
import { invalidTrack, proposalState, unknownUser } from './errors';
import { type MyProposal, myProposals, type ProposalRow } from './model';
import { proposalRow } from './proposals';
import { DEFAULT_CRITERIA, settingsOf, type TrackRef } from './settings';
import { reviewStats, type Stat } from './stats';
import type { ProposalState } from './tables';

export interface Reviewer {
  id: string;
  eventId: string;
  trackId: string;
  track: TrackRef;
  userId: string;
  email: string;
  name: string;
  reviews: number;
  createdAt: string;
}
export type OrganizerProposal = MyProposal & {
  reviews: number;
  overall: Stat;
  criteria: Record<string, Stat>;
};

type Notify = (
  trx: Kysely<DB>,
  userId: string,
  kind: string,
  payload: Record<string, unknown>,
) => Promise<void>;

/** The organizer's console: reviewers, proposals with their scores, the dashboard, decisions. */
export function createCfpOrganizer(deps: { db: Kysely<DB>; clock: Clock; mail: MailSender; notify: Notify }) {
  const { db, clock, mail } = deps;

  async function reviewersOf(eventId: string): Promise<Reviewer[]> {
    const rows = await db
      .selectFrom('cfp_reviewers as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .innerJoin('conf_tracks as t', 't.id', 'r.track_id')
      .select([
        'r.id',
        'r.event_id',
        'r.track_id',
        'r.user_id',
        'r.created_at',
        'u.email',
        'u.display_name',
        't.name_zh',
        't.name_en',
        't.color',
      ])
      .select((eb) =>
        eb
          .selectFrom('cfp_reviews as v')
          .innerJoin('cfp_proposals as p', 'p.id', 'v.proposal_id')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('v.reviewer_id', '=', 'r.user_id')
          .whereRef('p.track_id', '=', 'r.track_id')
          .as('reviews'),
      )
      .where('r.event_id', '=', eventId)
      .orderBy('r.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      trackId: r.track_id,
      track: { id: r.track_id, name: { 'zh-CN': r.name_zh, 'en-US': r.name_en }, color: r.color },
      userId: r.user_id,
      email: r.email,
      name: r.display_name,
      reviews: Number(r.reviews ?? 0),
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** Organizer views with each proposal's review statistics. */
  async function withStats(
    eventId: string,
    rows: ProposalRow[],
    viewer: Actor,
  ): Promise<OrganizerProposal[]> {
    const criteria = (await settingsOf(db, eventId))?.criteria ?? DEFAULT_CRITERIA;
    const base = await myProposals(db, rows, viewer.userId, clock.now());
    const reviews = rows.length
      ? await db
          .selectFrom('cfp_reviews')
          .select(['proposal_id', 'scores'])
          .where(
            'proposal_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    const by = new Map<string, Record<string, number>[]>();
    for (const r of reviews) by.set(r.proposal_id, [...(by.get(r.proposal_id) ?? []), parsed(r.scores)]);
    return base.map((p) => {
      const list = by.get(p.id) ?? [];
      return { ...p, reviews: list.length, ...reviewStats(criteria, list) };
    });
  }

  async function decideOne(
    trx: Kysely<DB>,
    actor: Actor,
    p: ProposalRow,
    decision: 'accept' | 'reject',
    reason: string | null,
  ): Promise<boolean> {
    const now = clock.now();
    const state = decision === 'accept' ? 'accepted' : 'rejected';
    const res = await trx
      .updateTable('cfp_proposals')
      .set({ state, decision_reason: reason, decided_by: actor.userId, decided_at: now, updated_at: now })
      .where('id', '=', p.id)
      .where('state', '=', 'submitted')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await recordAudit(trx, clock, {
      actor,
      action: `cfp.proposal.${decision}`,
      entityType: 'cfp_proposal',
      entityId: p.id,
      before: { state: 'submitted' },
      after: { state },
      reason,
    });
    const ev = await conferenceOf(trx, p.event_id);
    const speakers = await trx
      .selectFrom('cfp_proposal_speakers as ps')
      .innerJoin('cfp_speakers as s', 's.id', 'ps.speaker_id')
      .select(['s.user_id', 's.email', 's.name'])
      .where('ps.proposal_id', '=', p.id)
      .execute();
    const accepted = decision === 'accept';
    for (const s of speakers) {
      await deps.notify(trx, s.user_id, `proposal.${state}`, {
        proposalId: p.id,
        eventId: p.event_id,
        title: p.title,
        reason,
      });
      await mail.send(
        trx,
        {
          to: s.email,
          kind: `cfp.${state}`,
          subject: accepted
            ? `议题已录用 / Proposal accepted: ${p.title}`
            : `议题未入选 / Proposal not selected: ${p.title}`,
          text: [
            accepted
              ? `${s.name}，您在「${ev.title['zh-CN']}」提交的议题「${p.title}」已录用，请在“我的议题”中确认参加。`
              : `${s.name}，感谢您为「${ev.title['zh-CN']}」提交议题「${p.title}」，很遗憾本次未能入选。`,
            accepted
              ? `Your proposal "${p.title}" for ${ev.title['en-US']} was accepted: please confirm it under My proposals.`
              : `Thank you for proposing "${p.title}" for ${ev.title['en-US']}; it was not selected this time.`,
            ...(reason ? [`说明 / Note: ${reason}`] : []),
          ].join('\n'),
        },
        now,
      );
    }
    return true;
  }

  return {
    reviewers: async (actor: Actor, eventId: string) => {
      await managedConference(db, actor, eventId);
      return reviewersOf(eventId);
    },

    async appoint(actor: Actor, eventId: string, input: { email: string; trackIds: string[] }) {
      await managedConference(db, actor, eventId);
      const user = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', input.email.trim().toLowerCase())
        .executeTakeFirst();
      if (!user) throw unknownUser();
      for (const [i, t] of input.trackIds.entries())
        if (!(await trackOf(db, eventId, t))) throw invalidTrack(`trackIds.${i}`);
      const now = clock.now();
      const created: string[] = [];
      await db.transaction().execute(async (trx) => {
        for (const trackId of new Set(input.trackIds)) {
          const id = newId('crv', now.getTime());
          const r = await trx
            .insertInto('cfp_reviewers')
            .values({ id, event_id: eventId, track_id: trackId, user_id: user.id, created_at: now })
            .onConflict((oc) => oc.columns(['event_id', 'track_id', 'user_id']).doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!r) continue;
          created.push(r.id);
          await recordAudit(trx, clock, {
            actor,
            action: 'cfp.reviewer.appoint',
            entityType: 'cfp_reviewer',
            entityId: r.id,
            after: { eventId, trackId, userId: user.id },
          });
        }
      });
      return (await reviewersOf(eventId)).filter((r) => created.includes(r.id));
    },

    async removeReviewer(actor: Actor, reviewerId: string) {
      const r = await db
        .selectFrom('cfp_reviewers')
        .selectAll()
        .where('id', '=', reviewerId)
        .executeTakeFirst();
      if (!r) throw notFound('Reviewer', reviewerId);
      await managedConference(db, actor, r.event_id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('cfp_reviewers').where('id', '=', reviewerId).execute();
        await recordAudit(trx, clock, {
          actor,
          action: 'cfp.reviewer.remove',
          entityType: 'cfp_reviewer',
          entityId: reviewerId,
          before: { eventId: r.event_id, trackId: r.track_id, userId: r.user_id },
        });
      });
    },

    async proposals(actor: Actor, eventId: string, filter: { state?: ProposalState; trackId?: string }) {
      await managedConference(db, actor, eventId);
      let q = db.selectFrom('cfp_proposals').selectAll().where('event_id', '=', eventId);
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.trackId) q = q.where('track_id', '=', filter.trackId);
      return withStats(eventId, await q.orderBy('id').execute(), actor);
    },

    async dashboard(actor: Actor, eventId: string) {
      await managedConference(db, actor, eventId);
      const s = await settingsOf(db, eventId);
      const criteria = s?.criteria ?? DEFAULT_CRITERIA;
      const rows = await db
        .selectFrom('cfp_proposals')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('state', '!=', 'withdrawn')
        .orderBy('id')
        .execute();
      const proposals = await withStats(eventId, rows, actor);
      const reviewers = await db
        .selectFrom('cfp_reviewers')
        .select(['track_id', 'user_id'])
        .where('event_id', '=', eventId)
        .execute();
      const reviewRows = rows.length
        ? await db
            .selectFrom('cfp_reviews')
            .select(['proposal_id', 'reviewer_id'])
            .where(
              'proposal_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        : [];
      const tracks: (TrackRef | null)[] = (await listTracks(db, eventId)).map((t) => ({
        id: t.id,
        name: t.name,
        color: t.color,
      }));
      if (proposals.some((p) => !p.track)) tracks.push(null);
      const out = tracks.map((track) => {
        const mine = proposals.filter((p) => (p.track?.id ?? null) === (track?.id ?? null));
        const eligible = reviewers.filter((r) => r.track_id === track?.id).map((r) => r.user_id);
        let done = 0;
        let needed = 0;
        for (const p of mine) {
          const speakers = new Set(p.speakers.map((sp) => sp.userId));
          const can = eligible.filter((u) => !speakers.has(u));
          needed += can.length;
          done += reviewRows.filter((v) => v.proposal_id === p.id && can.includes(v.reviewer_id)).length;
        }
        const ranked = [...mine]
          .sort((a, b) => (b.overall.average ?? -1) - (a.overall.average ?? -1) || a.id.localeCompare(b.id))
          .map((p, i) => ({
            proposalId: p.id,
            title: p.title,
            state: p.state,
            speakerNames: p.speakers.map((sp) => sp.name),
            reviews: p.reviews,
            overall: p.overall,
            criteria: p.criteria,
            rank: i + 1,
          }));
        return {
          track,
          proposals: mine.length,
          reviewers: eligible.length,
          reviewsDone: done,
          reviewsNeeded: needed,
          ranked,
        };
      });
      return {
        eventId,
        criteria,
        anonymisedReview: s?.anonymisedReview ?? false,
        totals: {
          proposals: proposals.length,
          reviewsDone: out.reduce((a, t) => a + t.reviewsDone, 0),
          reviewsNeeded: out.reduce((a, t) => a + t.reviewsNeeded, 0),
        },
        tracks: out,
      };
    },

    async decide(actor: Actor, proposalId: string, decision: 'accept' | 'reject', reason?: string) {
      const p = await proposalRow(db, proposalId);
      await managedConference(db, actor, p.event_id);
      await db.transaction().execute(async (trx) => {
        if (!(await decideOne(trx, actor, p, decision, reason ?? null)))
          throw proposalState(proposalId, (await proposalRow(trx, proposalId)).state);
      });
      return (await withStats(p.event_id, [await proposalRow(db, proposalId)], actor))[0]!;
    },

    /** Decides many at once: those no longer `submitted` (or of another event) are skipped, named. */
    async decideMany(
      actor: Actor,
      eventId: string,
      input: { proposalIds: string[]; decision: 'accept' | 'reject'; reason?: string },
    ) {
      await managedConference(db, actor, eventId);
      const decided: string[] = [];
      const skipped: { proposalId: string; code: string; state?: ProposalState }[] = [];
      await db.transaction().execute(async (trx) => {
        for (const id of [...new Set(input.proposalIds)]) {
          const p = await trx.selectFrom('cfp_proposals').selectAll().where('id', '=', id).executeTakeFirst();
          if (!p || p.event_id !== eventId) {
            skipped.push({ proposalId: id, code: 'NOT_FOUND' });
            continue;
          }
          if (await decideOne(trx, actor, p, input.decision, input.reason ?? null)) decided.push(id);
          else skipped.push({ proposalId: id, code: 'PROPOSAL_STATE', state: p.state });
        }
      });
      return { decided, skipped };
    },
  };
}

import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { type MailSender, outboxSender } from '../../platform/mail';
import type { DB } from '../../schema';
import type { ProposalHandoff, ProposalWithdrawal } from '../programme';
import { parsed } from './access';
import { createInvites } from './invites';
import { createCfpOrganizer } from './organizer';
import { createProposals, type Handoffs } from './proposals';
import { createReviews } from './reviews';
import { createCfpSettings } from './settings';

export interface CfpDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Where speakers' and invitees' mail goes (default: the `mail_outbox` table, the dev mailbox). */
  mail?: MailSender;
  /** Called inside the transaction that confirms a proposal (the programme makes its session). */
  onConfirmed?: ProposalHandoff;
  /** Called inside the transaction that withdraws a confirmed proposal (its session is cancelled). */
  onWithdrawn?: ProposalWithdrawal;
}

export interface CfpNotice {
  id: string;
  kind: 'proposal.accepted' | 'proposal.rejected' | 'invite.accepted';
  proposalId: string;
  eventId: string;
  title: string;
  reason: string | null;
  createdAt: string;
}

/** The call for proposals (docs/cfp.md): settings, proposals, co-speakers, review, decisions. */
export function createCfpModule(deps: CfpDeps) {
  const { db, clock } = deps;
  const mail = deps.mail ?? outboxSender;
  let handoffs: Handoffs = { onConfirmed: deps.onConfirmed, onWithdrawn: deps.onWithdrawn };
  const notify = async (trx: Kysely<DB>, userId: string, kind: string, payload: Record<string, unknown>) => {
    await trx
      .insertInto('cfp_notices')
      .values({ user_id: userId, kind, payload: JSON.stringify(payload), created_at: clock.now() })
      .execute();
  };
  const settings = createCfpSettings({ db, clock });
  const proposals = createProposals({ db, clock, handoffs: () => handoffs });
  const invites = createInvites({
    db,
    clock,
    mail,
    notify,
    handoffs: () => handoffs,
    confirmedProposal: proposals.confirmedProposal,
  });
  const reviews = createReviews({ db, clock });
  const organizer = createCfpOrganizer({ db, clock, mail, notify });

  return {
    ...settings,
    profile: proposals.profile,
    saveProfile: proposals.saveProfile,
    submit: proposals.submit,
    myProposals: proposals.mine,
    proposal: proposals.get,
    editProposal: proposals.edit,
    withdraw: proposals.withdraw,
    confirm: proposals.confirm,
    invite: invites.invite,
    revokeInvite: invites.revoke,
    inviteByToken: invites.view,
    acceptInvite: invites.accept,
    reviewQueue: reviews.queue,
    reviewProposal: reviews.proposal,
    score: reviews.score,
    reviewers: organizer.reviewers,
    appointReviewer: organizer.appoint,
    removeReviewer: organizer.removeReviewer,
    organizerProposals: organizer.proposals,
    dashboard: organizer.dashboard,
    decide: organizer.decide,
    decideMany: organizer.decideMany,

    async notices(actor: Actor): Promise<CfpNotice[]> {
      const rows = await db
        .selectFrom('cfp_notices')
        .selectAll()
        .where('user_id', '=', actor.userId)
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      return rows.map((r) => {
        const p = parsed<{ proposalId: string; eventId: string; title: string; reason: string | null }>(
          r.payload,
        );
        return {
          id: String(r.id),
          kind: r.kind as CfpNotice['kind'],
          proposalId: p.proposalId,
          eventId: p.eventId,
          title: p.title,
          reason: p.reason ?? null,
          createdAt: new Date(r.created_at).toISOString(),
        };
      });
    },

    /**
     * Replaces the programme handoff. The app wires the programme's at start; tests put a fake
     * one in to count its calls.
     */
    useHandoffs(next: { onConfirmed?: ProposalHandoff; onWithdrawn?: ProposalWithdrawal }) {
      handoffs = { ...next };
    },
  };
}

export type CfpModule = ReturnType<typeof createCfpModule>;

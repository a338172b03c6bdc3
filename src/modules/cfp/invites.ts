import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { MailSender } from '../../platform/mail';
import type { DB } from '../../schema';
import { conferenceOf } from './access';
import {
  alreadySpeaker,
  inviteNotPending,
  invitePending,
  inviteWrongAccount,
  notSpeaker,
  proposalState,
} from './errors';
import { type Invite, inviteStatus, isSpeakerOf, myProposals, toProfile } from './model';
import type { Handoffs } from './proposals';
import { proposalRow, upsertProfile } from './proposals';
import type { ProfileInput } from './schemas';

const INVITE_DAYS = 14;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface InviteView {
  id: string;
  status: Invite['status'];
  email: string;
  proposalId: string;
  proposalTitle: string;
  eventId: string;
  eventTitle: { 'zh-CN': string; 'en-US': string };
  invitedBy: string;
  profile: ReturnType<typeof toProfile> | null;
}

/** Co-speakers: invited by e-mail, accepted by the invitee signed in with that address. */
export function createInvites(deps: {
  db: Kysely<DB>;
  clock: Clock;
  mail: MailSender;
  handoffs: () => Handoffs;
  confirmedProposal: (
    trx: Kysely<DB>,
    r: Awaited<ReturnType<typeof proposalRow>>,
  ) => Promise<Parameters<NonNullable<Handoffs['onConfirmed']>>[1]>;
  notify: (trx: Kysely<DB>, userId: string, kind: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { db, clock, mail } = deps;

  const toInvite = (
    r: { id: string; proposal_id: string; email: string; status: string; created_at: Date; expires_at: Date },
    now: Date,
  ): Invite => ({
    id: r.id,
    proposalId: r.proposal_id,
    email: r.email,
    status: inviteStatus(r, now),
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
  });

  async function byToken(actor: Actor, token: string) {
    const r = await db
      .selectFrom('cfp_invites')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!r) throw notFound('Invitation');
    if (r.email !== actor.email.toLowerCase()) throw inviteWrongAccount();
    return r;
  }

  return {
    async invite(actor: Actor, proposalId: string, rawEmail: string) {
      const p = await proposalRow(db, proposalId);
      if (!(await isSpeakerOf(db, proposalId, actor.userId))) throw notFound('Proposal', proposalId);
      if (!['submitted', 'accepted', 'confirmed'].includes(p.state)) throw proposalState(proposalId, p.state);
      const email = rawEmail.trim().toLowerCase();
      const now = clock.now();
      const speaker = await db
        .selectFrom('cfp_proposal_speakers as ps')
        .innerJoin('cfp_speakers as s', 's.id', 'ps.speaker_id')
        .select('s.id')
        .where('ps.proposal_id', '=', proposalId)
        .where('s.email', '=', email)
        .executeTakeFirst();
      if (speaker) throw alreadySpeaker(email);
      const pending = await db
        .selectFrom('cfp_invites')
        .select('id')
        .where('proposal_id', '=', proposalId)
        .where('email', '=', email)
        .where('status', '=', 'pending')
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (pending) throw invitePending(email);
      const token = randomBytes(24).toString('base64url');
      const ev = await conferenceOf(db, p.event_id);
      const inviter = await db
        .selectFrom('cfp_speakers')
        .select('name')
        .where('event_id', '=', p.event_id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      const row = {
        id: newId('cfi', now.getTime()),
        proposal_id: proposalId,
        email,
        token_hash: hashToken(token),
        invited_by: actor.userId,
        accepted_by: null,
        created_at: now,
        expires_at: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
        accepted_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('cfp_invites').values(row).execute();
        const link = `/cfp/invites/${token}`;
        await mail.send(
          trx,
          {
            to: email,
            kind: 'cfp.invite',
            subject: `共同演讲邀请 / Co-speaker invitation: ${p.title}`,
            text: [
              `${inviter?.name ?? actor.displayName} 邀请您作为共同演讲者参与「${p.title}」（${ev.title['zh-CN']}）。`,
              `${inviter?.name ?? actor.displayName} invites you to co-present "${p.title}" at ${ev.title['en-US']}.`,
              `接受邀请 / Accept: ${link}`,
              `有效期 ${INVITE_DAYS} 天 / Valid for ${INVITE_DAYS} days.`,
            ].join('\n'),
          },
          now,
        );
      });
      return toInvite({ ...row, status: 'pending' }, now);
    },

    async revoke(actor: Actor, inviteId: string) {
      const r = await db.selectFrom('cfp_invites').selectAll().where('id', '=', inviteId).executeTakeFirst();
      if (!r) throw notFound('Invitation', inviteId);
      if (!(await isSpeakerOf(db, r.proposal_id, actor.userId))) throw notSpeaker(r.proposal_id);
      const now = clock.now();
      const status = inviteStatus(r, now);
      if (status !== 'pending') throw inviteNotPending(inviteId, status);
      const res = await db
        .updateTable('cfp_invites')
        .set({ status: 'revoked' })
        .where('id', '=', inviteId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw inviteNotPending(inviteId, 'accepted');
      return toInvite({ ...r, status: 'revoked' }, now);
    },

    async view(actor: Actor, token: string): Promise<InviteView> {
      const r = await byToken(actor, token);
      const p = await proposalRow(db, r.proposal_id);
      const ev = await conferenceOf(db, p.event_id);
      const inviter = await db
        .selectFrom('cfp_speakers')
        .select('name')
        .where('event_id', '=', p.event_id)
        .where('user_id', '=', r.invited_by)
        .executeTakeFirst();
      const mine = await db
        .selectFrom('cfp_speakers')
        .selectAll()
        .where('event_id', '=', p.event_id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      return {
        id: r.id,
        status: inviteStatus(r, clock.now()),
        email: r.email,
        proposalId: p.id,
        proposalTitle: p.title,
        eventId: p.event_id,
        eventTitle: ev.title,
        invitedBy: inviter?.name ?? '',
        profile: mine ? toProfile(mine) : null,
      };
    },

    /** The invitee joins the proposal's speakers (a confirmed one's session is updated). */
    async accept(actor: Actor, token: string, profile: ProfileInput | undefined) {
      const r = await byToken(actor, token);
      const now = clock.now();
      const status = inviteStatus(r, now);
      if (status !== 'pending') throw inviteNotPending(r.id, status);
      const p = await proposalRow(db, r.proposal_id);
      if (!['submitted', 'accepted', 'confirmed'].includes(p.state)) throw proposalState(p.id, p.state);
      await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('cfp_invites')
          .set({ status: 'accepted', accepted_by: actor.userId, accepted_at: now })
          .where('id', '=', r.id)
          .where('status', '=', 'pending')
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) throw inviteNotPending(r.id, 'accepted');
        const speaker = await upsertProfile(trx, actor, p.event_id, profile, now);
        const last = await trx
          .selectFrom('cfp_proposal_speakers')
          .select((eb) => eb.fn.max('position').as('max'))
          .where('proposal_id', '=', p.id)
          .executeTakeFirst();
        await trx
          .insertInto('cfp_proposal_speakers')
          .values({
            proposal_id: p.id,
            speaker_id: speaker.id,
            user_id: actor.userId,
            position: Number(last?.max ?? 0) + 1,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['proposal_id', 'speaker_id']).doNothing())
          .execute();
        await deps.notify(trx, r.invited_by, 'invite.accepted', {
          proposalId: p.id,
          eventId: p.event_id,
          title: p.title,
          reason: null,
        });
        // The programme's session lists its speakers: a confirmed talk gains one.
        const current = await proposalRow(trx, p.id);
        const handoff = deps.handoffs().onConfirmed;
        if (current.state === 'confirmed' && handoff)
          await handoff(trx, await deps.confirmedProposal(trx, current));
      });
      return (await myProposals(db, [await proposalRow(db, p.id)], actor.userId, now))[0]!;
    },
  };
}

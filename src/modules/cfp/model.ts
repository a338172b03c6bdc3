import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../schema';
import { type Localized, titlesOf } from './access';
import { type SubmissionType, settingsOf, statusAt, type TrackRef, toType } from './settings';
import type { CfpProposalsTable, ProposalLanguage, ProposalLevel, ProposalState } from './tables';

/** Proposals as their speakers and organizers see them (docs/cfp.md, MyProposal). */
export type ProposalRow = Selectable<CfpProposalsTable>;

export interface SpeakerProfile {
  id: string;
  eventId: string;
  userId: string;
  email: string;
  name: string;
  bio: string;
  photoUrl: string | null;
  company: string | null;
}

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export interface Invite {
  id: string;
  proposalId: string;
  email: string;
  status: InviteStatus;
  createdAt: string;
  expiresAt: string;
}

export interface MyProposal {
  id: string;
  eventId: string;
  eventTitle: Localized;
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
  decisionReason: string | null;
  submittedAt: string;
  updatedAt: string;
  decidedAt: string | null;
  confirmedAt: string | null;
  withdrawnAt: string | null;
  editable: boolean;
  canConfirm: boolean;
  isSubmitter: boolean;
  speakers: SpeakerProfile[];
  invites: Invite[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const toProfile = (r: {
  id: string;
  event_id: string;
  user_id: string;
  email: string;
  name: string;
  bio: string;
  photo_url: string | null;
  company: string | null;
}): SpeakerProfile => ({
  id: r.id,
  eventId: r.event_id,
  userId: r.user_id,
  email: r.email,
  name: r.name,
  bio: r.bio,
  photoUrl: r.photo_url,
  company: r.company,
});

export const inviteStatus = (r: { status: string; expires_at: Date | string }, now: Date): InviteStatus =>
  r.status === 'pending' && new Date(r.expires_at) <= now ? 'expired' : (r.status as InviteStatus);

/** The speakers of each proposal, in order (the submitter first). */
export async function speakersOf(
  db: Kysely<DB>,
  proposalIds: string[],
): Promise<Map<string, SpeakerProfile[]>> {
  const out = new Map<string, SpeakerProfile[]>();
  if (proposalIds.length === 0) return out;
  const rows = await db
    .selectFrom('cfp_proposal_speakers as ps')
    .innerJoin('cfp_speakers as s', 's.id', 'ps.speaker_id')
    .select([
      'ps.proposal_id',
      's.id',
      's.event_id',
      's.user_id',
      's.email',
      's.name',
      's.bio',
      's.photo_url',
      's.company',
    ])
    .where('ps.proposal_id', 'in', proposalIds)
    .orderBy('ps.proposal_id')
    .orderBy('ps.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.proposal_id) ?? [];
    list.push(toProfile(r));
    out.set(r.proposal_id, list);
  }
  return out;
}

/** Whether the user is a speaker (the submitter or an accepted co-speaker) of the proposal. */
export async function isSpeakerOf(db: Kysely<DB>, proposalId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('cfp_proposal_speakers')
    .select('proposal_id')
    .where('proposal_id', '=', proposalId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return !!r;
}

/** The context shared by the views of a batch of proposals: types, tracks, titles, CfP windows. */
export async function proposalContext(db: Kysely<DB>, rows: ProposalRow[]) {
  const eventIds = [...new Set(rows.map((r) => r.event_id))];
  const ids = rows.map((r) => r.id);
  const types = new Map<string, SubmissionType>();
  const tracks = new Map<string, TrackRef>();
  const windows = new Map<string, { opensAt: Date; closesAt: Date } | null>();
  if (eventIds.length) {
    for (const t of await db
      .selectFrom('cfp_submission_types')
      .selectAll()
      .where('event_id', 'in', eventIds)
      .execute())
      types.set(t.id, toType(t));
    for (const t of await db
      .selectFrom('conf_tracks')
      .select(['id', 'name_zh', 'name_en', 'color'])
      .where('event_id', 'in', eventIds)
      .execute())
      tracks.set(t.id, { id: t.id, name: { 'zh-CN': t.name_zh, 'en-US': t.name_en }, color: t.color });
    for (const e of eventIds) windows.set(e, await settingsOf(db, e));
  }
  return {
    types,
    tracks,
    windows,
    titles: await titlesOf(db, eventIds),
    speakers: await speakersOf(db, ids),
  };
}
export type ProposalContext = Awaited<ReturnType<typeof proposalContext>>;

/** The speaker-facing view (also the base of the organizer's). */
export function toMyProposal(
  r: ProposalRow,
  ctx: ProposalContext,
  invites: Invite[],
  viewerId: string,
  now: Date,
): MyProposal {
  const window = ctx.windows.get(r.event_id);
  const open = !!window && statusAt(window, now) !== 'closed';
  return {
    id: r.id,
    eventId: r.event_id,
    eventTitle: ctx.titles.get(r.event_id) ?? { 'zh-CN': '', 'en-US': '' },
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
    decisionReason: r.decision_reason,
    submittedAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    decidedAt: iso(r.decided_at),
    confirmedAt: iso(r.confirmed_at),
    withdrawnAt: iso(r.withdrawn_at),
    editable: r.state === 'submitted' && open,
    canConfirm: r.state === 'accepted',
    isSubmitter: r.submitter_id === viewerId,
    speakers: ctx.speakers.get(r.id) ?? [],
    invites,
  };
}

export async function invitesOf(
  db: Kysely<DB>,
  proposalIds: string[],
  now: Date,
): Promise<Map<string, Invite[]>> {
  const out = new Map<string, Invite[]>();
  if (proposalIds.length === 0) return out;
  const rows = await db
    .selectFrom('cfp_invites')
    .select(['id', 'proposal_id', 'email', 'status', 'created_at', 'expires_at'])
    .where('proposal_id', 'in', proposalIds)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.proposal_id) ?? [];
    list.push({
      id: r.id,
      proposalId: r.proposal_id,
      email: r.email,
      status: inviteStatus(r, now),
      createdAt: iso(r.created_at)!,
      expiresAt: iso(r.expires_at)!,
    });
    out.set(r.proposal_id, list);
  }
  return out;
}

/** Speaker-facing views of proposal rows, in the rows' order. */
export async function myProposals(db: Kysely<DB>, rows: ProposalRow[], viewerId: string, now: Date) {
  const ctx = await proposalContext(db, rows);
  const invites = await invitesOf(
    db,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => toMyProposal(r, ctx, invites.get(r.id) ?? [], viewerId, now));
}

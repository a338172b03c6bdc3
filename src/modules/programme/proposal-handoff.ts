/**
 * What the call for proposals hands to the programme when a speaker confirms an accepted
 * proposal (issue 12): the programme makes (or updates) an unscheduled session from it. The
 * call for proposals calls the handoff inside its confirming transaction, so a confirmed
 * proposal and its session exist together or not at all.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../schema';

export type SubmissionKind = 'talk' | 'workshop' | 'keynote' | 'lightning';

export interface HandoffSpeaker {
  /** The call for proposals' speaker-profile id: the same person across the event's sessions. */
  profileId: string;
  userId: string | null;
  email: string;
  name: string;
  company: string | null;
  bio: string | null;
  photoUrl: string | null;
}

export interface ConfirmedProposal {
  proposalId: string;
  eventId: string;
  trackId: string | null;
  kind: SubmissionKind;
  durationMinutes: number;
  /** A proposal is written in one language; the session shows it as written. */
  language: 'zh-CN' | 'en-US';
  title: string;
  abstract: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  /** Workshops: the seats the speaker asked for (the schedule checks it against the room). */
  expectedAudience: number | null;
  speakers: HandoffSpeaker[];
}

/** Implemented by the programme; the call for proposals receives it through its deps. */
export type ProposalHandoff = (
  trx: Transaction<DB> | Kysely<DB>,
  proposal: ConfirmedProposal,
) => Promise<void>;
/** A withdrawn confirmed proposal cancels its session (kept in published versions as cancelled). */
export type ProposalWithdrawal = (trx: Transaction<DB> | Kysely<DB>, proposalId: string) => Promise<void>;

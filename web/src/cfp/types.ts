/**
 * The call for proposals' answers as the pages use them (docs/cfp.md, "Shapes"): the server's
 * own schemas from the generated client, so a server change the pages depend on fails typecheck.
 */
import type { Schemas as S } from '../api/typed';
import type { Localized } from '../api/types';

export type SubmissionKind = 'talk' | 'workshop' | 'keynote' | 'lightning';
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type ProposalLanguage = 'zh-CN' | 'en-US';
export type ProposalState = 'submitted' | 'accepted' | 'rejected' | 'confirmed' | 'withdrawn';
export type CfpStatus = 'not_open' | 'open' | 'closed';
export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export const KINDS: SubmissionKind[] = ['talk', 'workshop', 'keynote', 'lightning'];
export const LEVELS: Level[] = ['beginner', 'intermediate', 'advanced'];
export const LANGUAGES: ProposalLanguage[] = ['zh-CN', 'en-US'];
export const STATES: ProposalState[] = ['submitted', 'accepted', 'rejected', 'confirmed', 'withdrawn'];

export type Criterion = S['CfpCriterion'];
export type SubmissionType = S['CfpSubmissionType'];
export type TrackRef = S['CfpTrackRef'];
export type CfpPublic = S['CfpPublic'];
export type CfpSettings = S['CfpSettings'];
export type SpeakerProfile = S['CfpSpeakerProfile'];
export type Invite = S['CfpInvite'];
export type MyProposal = S['CfpProposal'];
export type InviteView = S['CfpInviteView'];
export type CfpNotice = S['CfpNotice'];
export type ReviewEvent = S['CfpReviewEvent'];
export type ReviewProposal = S['CfpReviewProposal'];
export type Review = S['CfpReview'];
export type ReviewQueue = S['CfpReviewQueue'];
export type ReviewQueueItem = ReviewQueue['items'][number];
export type ReviewPage = S['CfpReviewPage'];
export type Reviewer = S['CfpReviewer'];
export type Stat = S['CfpStat'];
export type OrganizerProposal = S['CfpOrganizerProposal'];
export type CfpDashboard = S['CfpDashboard'];
export type DashboardTrack = CfpDashboard['tracks'][number];
export type RankedProposal = DashboardTrack['ranked'][number];
export type DecisionResult = S['CfpBulkDecision'];

/** PUT /api/organizer/events/:id/cfp */
export interface CfpSettingsInput {
  opensAt: string;
  closesAt: string;
  anonymisedReview: boolean;
  criteria?: Criterion[];
  submissionTypes?: { id?: string; kind: SubmissionKind; name: Localized; durationMinutes: number }[];
}

export interface ProfileInput {
  name: string;
  bio?: string;
  photoUrl?: string | null;
  company?: string | null;
}

export interface ProposalInput {
  title: string;
  abstract: string;
  description?: string;
  level: Level;
  language: ProposalLanguage;
  notesForReviewers?: string;
  trackId?: string | null;
  submissionTypeId: string;
  expectedAudience?: number | null;
}

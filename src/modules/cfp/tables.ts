import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

/** The call for proposals' tables (migration 0028_cfp). */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type ProposalState = 'submitted' | 'accepted' | 'rejected' | 'confirmed' | 'withdrawn';
export type ProposalLevel = 'beginner' | 'intermediate' | 'advanced';
export type ProposalLanguage = 'zh-CN' | 'en-US';

export interface CfpCriterionRow {
  key: string;
  name: { 'zh-CN': string; 'en-US': string };
}

export interface CfpSettingsTable {
  id: string;
  event_id: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  anonymised_review: Defaulted<boolean>;
  criteria: Json<CfpCriterionRow[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CfpSubmissionTypesTable {
  id: string;
  event_id: string;
  kind: 'talk' | 'workshop' | 'keynote' | 'lightning';
  name_zh: string;
  name_en: string;
  duration_minutes: number;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export interface CfpSpeakersTable {
  id: string;
  event_id: string;
  user_id: string;
  email: string;
  name: string;
  bio: Defaulted<string>;
  photo_url: string | null;
  company: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CfpProposalsTable {
  id: string;
  event_id: string;
  submitter_id: string;
  track_id: string | null;
  submission_type_id: string;
  title: string;
  abstract: string;
  description: Defaulted<string>;
  level: ProposalLevel;
  language: ProposalLanguage;
  notes: Defaulted<string>;
  expected_audience: number | null;
  state: Defaulted<ProposalState>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CfpProposalSpeakersTable {
  proposal_id: string;
  speaker_id: string;
  user_id: string;
  position: number;
  created_at: Timestamp;
}

export interface CfpInvitesTable {
  id: string;
  proposal_id: string;
  email: string;
  token_hash: string;
  status: Defaulted<'pending' | 'accepted' | 'revoked'>;
  invited_by: string;
  accepted_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
}

export interface CfpReviewersTable {
  id: string;
  event_id: string;
  track_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface CfpReviewsTable {
  id: string;
  proposal_id: string;
  reviewer_id: string;
  scores: Json<Record<string, number>>;
  comment: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CfpNoticesTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  payload: Json;
  created_at: Timestamp;
}

export interface CfpTables {
  cfp_settings: CfpSettingsTable;
  cfp_submission_types: CfpSubmissionTypesTable;
  cfp_speakers: CfpSpeakersTable;
  cfp_proposals: CfpProposalsTable;
  cfp_proposal_speakers: CfpProposalSpeakersTable;
  cfp_invites: CfpInvitesTable;
  cfp_reviewers: CfpReviewersTable;
  cfp_reviews: CfpReviewsTable;
  cfp_notices: CfpNoticesTable;
}

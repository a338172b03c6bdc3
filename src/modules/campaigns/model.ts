import type { Role } from '../../platform/auth';
/** An official event ("campaign") and its parts, as the API and the rest of the code see it. */
export const CAMPAIGN_KINDS = [
  'shopping_festival',
  'merchant_growth',
  'tech_summit',
  'public_welfare',
] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const AUDIENCES = ['consumers', 'merchants', 'developers', 'partners', 'institutions'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Stored: the part of the status people decide. */
export const WORKFLOW_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** Shown: a published event becomes live and then ended by the clock alone. */
export const CAMPAIGN_STATUSES = ['draft', 'in_review', 'published', 'live', 'ended', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const PUBLIC_STATUSES: readonly CampaignStatus[] = ['published', 'live', 'ended'];

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export type Localized = Record<Locale, string>;

export interface Phase {
  key: string;
  name: Localized;
  startsAt: string;
  endsAt: string;
}

export interface Theme {
  primaryColor: string;
  bannerUrl: string | null;
}

export interface Campaign {
  id: string;
  slug: string;
  kind: CampaignKind;
  audiences: Audience[];
  status: CampaignStatus;
  title: Localized;
  summary: Localized;
  body: Localized;
  theme: Theme;
  organizer: { name: string };
  ownerId: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  phases: Phase[];
  currentPhase: string | null;
  seriesId: string | null;
  edition: number | null;
  viewCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An event as lists show it: without the long body (open the event for it). */
export type CampaignSummary = Omit<Campaign, 'body'>;

export interface Series {
  id: string;
  slug: string;
  name: Localized;
  rrule: string;
  timezone: string;
  latestCampaignId: string | null;
  editions: number;
}

export interface Transition {
  from: CampaignStatus;
  to: CampaignStatus;
  actorId: string;
  actorRole: Role;
  reason: string | null;
  at: string;
}

/** What a create or edit carries; the service fills in ids, status and counters. */
export interface CampaignDraft {
  slug?: string;
  kind: CampaignKind;
  audiences: Audience[];
  title: Localized;
  summary: Localized;
  body: Localized;
  theme: Theme;
  organizer: { name: string };
  timezone: string;
  startsAt: string;
  endsAt: string;
  phases: Phase[];
  seriesId?: string | null;
}

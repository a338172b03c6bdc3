/** Types of the HTTP API, mirroring the server's contract. */

export type Locale = 'zh-CN' | 'en-US';
export type Localized = Record<Locale, string>;

export const KINDS = ['shopping_festival', 'merchant_growth', 'tech_summit', 'public_welfare'] as const;
export type Kind = (typeof KINDS)[number];

export const AUDIENCES = ['consumers', 'merchants', 'developers', 'partners', 'institutions'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const STATUSES = ['draft', 'in_review', 'published', 'live', 'ended', 'archived'] as const;
export type CampaignStatus = (typeof STATUSES)[number];

export const ROLES = ['consumer', 'merchant', 'operator', 'organizer', 'partner'] as const;
export type Role = (typeof ROLES)[number];
export const SIGNUP_ROLES = [
  'consumer',
  'merchant',
  'organizer',
  'partner',
] as const satisfies readonly Role[];

export interface Phase {
  key: string;
  name: Localized;
  startsAt: string;
  endsAt: string;
}

export interface Campaign {
  id: string;
  slug: string;
  kind: Kind;
  audiences: Audience[];
  status: CampaignStatus;
  title: Localized;
  summary: Localized;
  body: Localized;
  theme: { primaryColor: string; bannerUrl: string | null };
  organizer: { name: string };
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

/** What the console sends to create or update an event. */
export interface CampaignInput {
  slug?: string;
  kind: Kind;
  audiences: Audience[];
  title: Localized;
  summary: Localized;
  body: Localized;
  theme: { primaryColor: string; bannerUrl: string | null };
  organizer: { name: string };
  timezone: string;
  startsAt: string;
  endsAt: string;
  phases: Phase[];
  seriesId: string | null;
}

export interface Transition {
  from: CampaignStatus | null;
  to: CampaignStatus;
  actorId: string;
  actorRole: Role;
  reason: string | null;
  at: string;
}

export interface Series {
  id: string;
  slug: string;
  name: Localized;
  rrule: string;
  timezone: string;
  latestCampaignId: string | null;
  editions: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** An event as lists return it: without the long body (open the event for it). */
export type CampaignSummary = Omit<Campaign, 'body'>;

/**
 * A list of events. `total` counts matches up to 1,000; `totalCapped` is true when more match,
 * and the total then reads "1000+".
 */
export interface CampaignPage extends Page<CampaignSummary> {
  totalCapped: boolean;
}

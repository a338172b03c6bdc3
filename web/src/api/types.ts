/** Types of the HTTP API, mirroring the server's contract. */
import type { Schemas } from './typed';

export type Locale = 'zh-CN' | 'en-US';
export type Localized = Record<Locale, string>;

// The server's enums; the lists are what pages offer, in their order.
export type Kind = Schemas['CampaignKind'];
export const KINDS = [
  'shopping_festival',
  'merchant_growth',
  'tech_summit',
  'public_welfare',
] as const satisfies readonly Kind[];

export type Audience = Schemas['Audience'];
export const AUDIENCES = [
  'consumers',
  'merchants',
  'developers',
  'partners',
  'institutions',
] as const satisfies readonly Audience[];

export type CampaignStatus = Schemas['CampaignStatus'];
export const STATUSES = [
  'draft',
  'in_review',
  'published',
  'live',
  'ended',
  'archived',
] as const satisfies readonly CampaignStatus[];

export const ROLES = ['consumer', 'merchant', 'operator', 'organizer', 'partner'] as const;
export type Role = (typeof ROLES)[number];
export const SIGNUP_ROLES = [
  'consumer',
  'merchant',
  'organizer',
  'partner',
] as const satisfies readonly Role[];

/** Campaign models: the server's own (client/schema.d.ts, generated from its OpenAPI document). */
export type Phase = Schemas['CampaignPhase'];
export type Campaign = Schemas['Campaign'];
export type Transition = Schemas['CampaignTransition'];
export type Series = Schemas['Series'];
export type { CampaignInput } from './campaigns';

export interface Page<T> {
  items: T[];
  total: number;
}

/** An event as lists return it: without the long body (open the event for it). */
export type CampaignSummary = Schemas['CampaignSummary'];

/**
 * A list of events. `total` counts matches up to 1,000; `totalCapped` is true when more match,
 * and the total then reads "1000+".
 */
export type CampaignPage = Schemas['CampaignPage'];

import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';
import type { Audience, CampaignKind, Localized, Phase, Theme, WorkflowStatus } from './model';

export interface CampaignSeriesTable {
  id: string;
  slug: string;
  name: Json<Localized>;
  rrule: string;
  timezone: string;
  created_at: Timestamp;
  /** Who created it; besides operators, the one who may attach events. Null before migration 0013. */
  owner_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CampaignsTable {
  id: string;
  slug: string;
  kind: CampaignKind;
  audiences: ColumnType<Audience[], Audience[], Audience[]>;
  workflow_status: WorkflowStatus;
  title: Json<Localized>;
  summary: Json<Localized>;
  body: Json<Localized>;
  theme: Json<Theme>;
  organizer_name: string;
  owner_id: string;
  timezone: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  phases: Json<Phase[]>;
  series_id: string | null;
  edition: number | null;
  /** The normalised compact text searched (campaigns/search.ts), under a pg_trgm index. */
  search_text: string;
  /** Its distinct one- and two-character substrings, for short search terms (migration 0014). */
  search_grams: ColumnType<string, string | undefined, string>;
  view_count: ColumnType<number, number | undefined, number>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignTransitionsTable {
  id: Generated<number>;
  campaign_id: string;
  from_status: string;
  to_status: string;
  actor_id: string;
  actor_role: string;
  reason: string | null;
  at: Timestamp;
}

export interface CampaignViewsTable {
  campaign_id: string;
  day: ColumnType<string, string, string>;
  viewer: string;
}

export interface CampaignTables {
  campaign_series: CampaignSeriesTable;
  campaigns: CampaignsTable;
  campaign_transitions: CampaignTransitionsTable;
  campaign_views: CampaignViewsTable;
}

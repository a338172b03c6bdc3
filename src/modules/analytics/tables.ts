import type { ColumnType } from 'kysely';
import type { Timestamp } from '../../platform/db/tables';

type Big = ColumnType<string | number, number | undefined, number>;
type Count = ColumnType<number, number | undefined, number>;

/** Migration 0025: the aggregator's sums per campaign (bigints read back as strings on pg). */
export interface AnalyticsCampaignsTable {
  campaign_id: string;
  seq: Big;
  gmv: Big;
  orders: Count;
  buyers: Count;
  refund_amount: Big;
  refunds: Count;
  updated_at: Timestamp;
}

export interface AnalyticsBuyersTable {
  campaign_id: string;
  customer_id: string;
  first_paid_at: Timestamp;
}

export interface AnalyticsSecondsTable {
  campaign_id: string;
  t: Big;
  gmv: Big;
  orders: Count;
}

export interface AnalyticsBreakdownTable {
  campaign_id: string;
  key: string;
  gmv: Big;
  orders: Count;
  units: Count;
}

export interface AnalyticsVisitsTable {
  campaign_id: string;
  day: string;
  store_id: ColumnType<string, string | undefined, string>;
  sku_id: ColumnType<string, string | undefined, string>;
  visitor: string;
}

export interface AnalyticsTables {
  analytics_campaigns: AnalyticsCampaignsTable;
  analytics_buyers: AnalyticsBuyersTable;
  analytics_seconds: AnalyticsSecondsTable;
  analytics_by_category: AnalyticsBreakdownTable;
  analytics_by_province: AnalyticsBreakdownTable;
  analytics_by_store: AnalyticsBreakdownTable;
  analytics_by_sku: AnalyticsBreakdownTable;
  analytics_visits: AnalyticsVisitsTable;
}

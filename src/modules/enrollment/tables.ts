import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';
import type { Promotion } from '../pricing';
import type { NominationStatus } from './model';

export interface CampaignEnrollmentRulesTable {
  campaign_id: string;
  eligible_categories: Json<string[]>;
  min_rating_tenths: number;
  opens_at: Timestamp;
  closes_at: Timestamp;
  max_price_bp: number;
  promotions: Json<Promotion[]>;
  required_promotion_ids: Json<string[]>;
  /** Pre-sale: what happens to a deposit whose balance is not paid in its window (migration 0008). */
  deposit_rule: ColumnType<'forfeit' | 'refund', 'forfeit' | 'refund' | undefined, 'forfeit' | 'refund'>;
  version: ColumnType<number, number | undefined, number>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface EnrollmentsTable {
  id: string;
  campaign_id: string;
  store_id: string;
  committed_promotion_ids: Json<string[]>;
  created_by: string;
  created_at: Timestamp;
}

export interface NominationsTable {
  id: string;
  enrollment_id: string;
  campaign_id: string;
  store_id: string;
  sku_id: string;
  title: string;
  category: string;
  campaign_price: number;
  campaign_stock: number;
  /** Units sold at checkout, never above campaign_stock (migration 0008). */
  campaign_sold: ColumnType<number, number | undefined, number>;
  reference_price: number;
  status: NominationStatus;
  reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EnrollmentTables {
  campaign_enrollment_rules: CampaignEnrollmentRulesTable;
  enrollments: EnrollmentsTable;
  nominations: NominationsTable;
}

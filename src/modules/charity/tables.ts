import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** bigint columns come back as strings on node-postgres: read them through Number(). */
type Money = ColumnType<number | string, number, number>;

export type CharityStatus = 'pending' | 'verified' | 'rejected';
export type ProjectStatus = 'draft' | 'fundraising' | 'closed';
export type RuleKind = 'fixed' | 'percent';

export interface CharitiesTable {
  id: string;
  name_zh: string;
  name_en: string;
  credit_code: string;
  public_fundraising: boolean;
  contact: Json<{ name: string; phone: string; email: string }>;
  bank_account: string;
  status: Defaulted<CharityStatus>;
  status_reason: string | null;
  verified_by: string | null;
  verified_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CharityProjectsTable {
  id: string;
  charity_id: string;
  title_zh: string;
  title_en: string;
  description: Defaulted<string>;
  /** Migration 0030: English twins; '' = not translated (the pages show the Chinese). */
  description_en: Defaulted<string>;
  beneficiaries_en: Defaulted<string>;
  region_en: Defaulted<string>;
  target_amount: Money;
  beneficiaries: string;
  region: string;
  starts_on: string;
  ends_on: string;
  status: Defaulted<ProjectStatus>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CharityProjectUpdatesTable {
  id: string;
  project_id: string;
  body: string;
  body_en: Defaulted<string>;
  photo_urls: Json<string[]>;
  created_by: string;
  created_at: Timestamp;
}

export interface CharityRulesTable {
  id: string;
  sku_id: string;
  store_id: string;
  project_id: string;
  kind: RuleKind;
  amount: number;
  created_by: string;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface CharityLineRulesTable {
  line_id: string;
  order_id: string;
  rule_id: string;
  project_id: string;
  charity_id: string;
  kind: RuleKind;
  amount: number;
}

export interface CharityDonationsTable {
  id: string;
  line_id: string;
  order_id: string;
  sub_order_id: string;
  customer_id: string;
  store_id: string;
  sku_id: string;
  title: string;
  project_id: string;
  charity_id: string;
  rule_id: string;
  kind: RuleKind;
  rate: number;
  quantity: number;
  base: Money;
  amount: Money;
  txn_id: string;
  log_index: number;
  leaf_hash: string;
  created_at: Timestamp;
}

export interface CharityDisbursementsTable {
  id: string;
  project_id: string;
  charity_id: string;
  amount: Money;
  purpose: string;
  purpose_en: Defaulted<string>;
  reason: string;
  bank_account: string;
  txn_id: string;
  log_index: number;
  leaf_hash: string;
  created_by: string;
  created_at: Timestamp;
}

export interface CharityTables {
  charities: CharitiesTable;
  charity_projects: CharityProjectsTable;
  charity_project_updates: CharityProjectUpdatesTable;
  charity_rules: CharityRulesTable;
  charity_line_rules: CharityLineRulesTable;
  charity_donations: CharityDonationsTable;
  charity_disbursements: CharityDisbursementsTable;
}

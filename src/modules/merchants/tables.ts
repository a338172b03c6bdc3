import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';
import type { MemberRole, Qualification } from './model';

export interface StoresTable {
  id: string;
  name: string;
  main_category: string;
  rating_tenths: ColumnType<number, number | undefined, number>;
  region: string;
  currency: ColumnType<string, string | undefined, string>;
  qualifications: Json<Qualification[]>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoreMembersTable {
  store_id: string;
  user_id: string;
  role: MemberRole;
  created_at: Timestamp;
}

export interface MerchantTables {
  stores: StoresTable;
  store_members: StoreMembersTable;
}

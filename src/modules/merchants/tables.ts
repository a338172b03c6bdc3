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

/** An owner's offer to an e-mail address; membership starts only when its holder accepts. */
export interface StoreInvitationsTable {
  id: string;
  store_id: string;
  email: string;
  role: MemberRole;
  invited_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  declined_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface MerchantTables {
  stores: StoresTable;
  store_members: StoreMembersTable;
  store_invitations: StoreInvitationsTable;
}

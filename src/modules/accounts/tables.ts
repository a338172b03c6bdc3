import type { ColumnType } from 'kysely';
import type { Role } from '../../platform/auth';
import type { Timestamp } from '../../platform/db/tables';

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  locale: ColumnType<string, string | undefined, string>;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** Moved forward at most once a minute (idle timeout); null until the first move. */
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the holder last typed the password in this session (sign-in or re-authentication). */
  reauthenticated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** Scope names (platform/auth/scopes.ts); empty = the key may call nothing scoped. */
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  /** The stores / campaigns the key may touch; null = all its owner may touch. */
  store_ids: string[] | null;
  campaign_ids: string[] | null;
  /** Requests per minute; null = the configured default (limits.apiKeyPerMinute). */
  rate_per_minute: number | null;
}

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
}

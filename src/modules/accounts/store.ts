import type { Kysely, Selectable } from 'kysely';
import { type ApiKeyGrant, isScope } from '../../platform/auth';
import type { DB } from '../../schema';
import type { ApiKeyInfo, User } from './model';
import type { ApiKeysTable, UsersTable } from './tables';

export const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  locale: row.locale,
  mustChangePassword: row.must_change_password,
  createdAt: new Date(row.created_at).toISOString(),
});

export const toApiKeyInfo = (row: Selectable<ApiKeysTable>): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  prefix: row.key_prefix,
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  ...toApiKeyGrant(row),
});

/** What the key may do; a scope no longer in the list (renamed since) is dropped, never widened. */
export const toApiKeyGrant = (
  row: Pick<Selectable<ApiKeysTable>, 'scopes' | 'store_ids' | 'campaign_ids' | 'rate_per_minute'>,
): ApiKeyGrant & {
  scopes: ApiKeyInfo['scopes'];
  storeIds: string[] | null;
  campaignIds: string[] | null;
} => ({
  scopes: row.scopes.filter(isScope),
  storeIds: row.store_ids,
  campaignIds: row.campaign_ids,
  ratePerMinute: row.rate_per_minute,
});

export const findUserByEmail = (db: Kysely<DB>, email: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();

export const findUserById = (db: Kysely<DB>, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserBySessionHash = (db: Kysely<DB>, tokenHash: string, now: Date) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.reauthenticated_at as session_reauthenticated_at',
      'sessions.expires_at as session_expires_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();

export const findUserByApiKeyHash = (db: Kysely<DB>, keyHash: string) =>
  db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('users')
    .select([
      'api_keys.id as api_key_id',
      'api_keys.scopes',
      'api_keys.store_ids',
      'api_keys.campaign_ids',
      'api_keys.rate_per_minute',
      'api_keys.last_used_at as api_key_last_used_at',
    ])
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();

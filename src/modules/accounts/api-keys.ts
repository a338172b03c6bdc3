import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor, Scope } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { forbidden, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { ApiKeyInfo } from './model';
import { newApiKey, sha256 } from './secrets';
import { actorFromUser } from './sessions';
import { findUserByApiKeyHash, toApiKeyGrant, toApiKeyInfo, toUser } from './store';

/** last_used_at moves at most this often: a busy key costs one write a minute, not one a request. */
export const KEY_LAST_USED_GRANULARITY_MS = 60 * 1000;

export interface ApiKeyRates {
  /** Requests per minute of a key that names none (limits.apiKeyPerMinute). */
  defaultPerMinute: number;
  /** The most an operator may give a key (limits.apiKeyMaxPerMinute); others stay at the default or below. */
  maxPerMinute: number;
}

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  storeIds?: string[] | null;
  campaignIds?: string[] | null;
  ratePerMinute?: number | null;
}

const distinct = <T>(values: readonly T[]) => [...new Set(values)];

/** Minting, listing, revoking and resolving API keys (issue 13: scoped, limited, rate-capped). */
export function createApiKeys({ db, clock, rates }: { db: Kysely<DB>; clock: Clock; rates: ApiKeyRates }) {
  async function authenticateApiKey(key: string): Promise<Actor | null> {
    const row = await findUserByApiKeyHash(db, sha256(key));
    if (!row) return null;
    const now = clock.now();
    const last = row.api_key_last_used_at ? new Date(row.api_key_last_used_at).getTime() : 0;
    if (now.getTime() - last >= KEY_LAST_USED_GRANULARITY_MS) {
      // Conditional, so processes racing on one key's first call of a minute write it once.
      const cutoff = new Date(now.getTime() - KEY_LAST_USED_GRANULARITY_MS);
      await db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('id', '=', row.api_key_id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', cutoff)]))
        .execute();
    }
    return { ...actorFromUser(toUser(row), 'api_key', row.api_key_id), apiKey: toApiKeyGrant(row) };
  }

  /** A key's rate: at or below the default for anyone, up to the maximum for operators. */
  function assertRate(actor: Actor, rate: number | null | undefined) {
    if (rate == null) return;
    const ceiling = actor.role === 'operator' ? rates.maxPerMinute : rates.defaultPerMinute;
    if (rate > ceiling)
      throw forbidden(`A key of yours may make at most ${ceiling} requests a minute`, {
        field: 'ratePerMinute',
        max: ceiling,
      });
  }

  async function createApiKey(actor: Actor, input: NewApiKey): Promise<{ key: string; info: ApiKeyInfo }> {
    assertRate(actor, input.ratePerMinute);
    const { key, prefix } = newApiKey();
    const grant = {
      scopes: distinct(input.scopes).sort(),
      store_ids: input.storeIds ? distinct(input.storeIds) : null,
      campaign_ids: input.campaignIds ? distinct(input.campaignIds) : null,
      rate_per_minute: input.ratePerMinute ?? null,
    };
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('api_keys')
        .values({
          id: newId('key'),
          user_id: actor.userId,
          name: input.name,
          key_prefix: prefix,
          key_hash: sha256(key),
          created_at: clock.now(),
          ...grant,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'api_key.create',
        entityType: 'api_key',
        entityId: inserted.id,
        after: { name: input.name, prefix, ...grant },
      });
      return inserted;
    });
    return { key, info: toApiKeyInfo(row) };
  }

  async function listApiKeys(userId: string): Promise<ApiKeyInfo[]> {
    const rows = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toApiKeyInfo);
  }

  /** The caller's own key (404 for anyone else's, as if it did not exist). */
  async function getOwnApiKey(actor: Actor, id: string): Promise<ApiKeyInfo> {
    const row = await db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) throw notFound('API key', id);
    return toApiKeyInfo(row);
  }

  async function revokeApiKey(actor: Actor, id: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('api_keys')
        .set({ revoked_at: clock.now() })
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .returning(['id', 'name'])
        .executeTakeFirst();
      if (!updated) throw notFound('API key', id);
      await recordAudit(trx, clock, {
        actor,
        action: 'api_key.revoke',
        entityType: 'api_key',
        entityId: id,
        before: { name: updated.name },
      });
    });
  }

  return { authenticateApiKey, createApiKey, listApiKeys, getOwnApiKey, revokeApiKey, rates };
}

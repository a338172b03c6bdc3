import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import { type Actor, keyAllowsStore, keyStoreFilter } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { currentRequestContext } from '../../platform/request-context';
import type { DB } from '../../schema';
import { createMembership } from './membership';
import type { MemberRole, Store, StoreAccess, StoreMember } from './model';
import type { StoreDraft, StorePatch } from './schemas';
import { findMembership, findStore, listStores, toMember, toStore } from './store';

export interface MerchantsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** The accounts module's lookup, to check that a new member is a merchant. */
  getUser: (id: string) => Promise<{ id: string; role: string }>;
}

export interface StoreAccessResult {
  store: Store;
  /** The actor's role in the store; null for an operator reading it. */
  memberRole: MemberRole | null;
}

export function createMerchantsService({ db, clock, getUser }: MerchantsDeps) {
  /**
   * The one access rule for everything a store owns: a missing store is 404; a merchant who is
   * not a member gets the same 404 for the object asked (`asked`, or the store itself), so a
   * stranger learns neither that it exists nor which store owns it; another role is 403 (the
   * role decides, whatever the object); operators may read every store.
   */
  async function access(
    actor: Actor,
    storeId: string,
    need: StoreAccess,
    asked?: { what: string; id: string },
  ): Promise<StoreAccessResult> {
    const hidden = () => (asked ? notFound(asked.what, asked.id) : notFound('Store', storeId));
    // A key limited to other stores sees this one as a stranger does (platform/auth/key-resources.ts).
    if (!keyAllowsStore(actor, storeId)) throw hidden();
    const row = await findStore(db, storeId);
    if (!row) throw hidden();
    if (actor.role === 'operator' && need === 'read') return { store: toStore(row), memberRole: null };
    if (actor.role !== 'merchant') throw forbidden('Only the store’s own merchants can do this');
    const member = await findMembership(db, storeId, actor.userId);
    if (!member) throw hidden();
    if (need === 'owner' && member.role !== 'owner') throw forbidden('Only the store owner can do this');
    return { store: toStore(row), memberRole: member.role };
  }

  async function create(actor: Actor, draft: StoreDraft): Promise<Store> {
    if (actor.role !== 'merchant') throw forbidden('Only merchants open stores');
    const now = clock.now();
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('stores')
        .values({
          id: newId('str', now.getTime()),
          name: draft.name,
          main_category: draft.mainCategory,
          region: draft.region,
          currency: draft.currency,
          qualifications: JSON.stringify(draft.qualifications),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('store_members')
        .values({ store_id: inserted.id, user_id: actor.userId, role: 'owner', created_at: now })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'store.create',
        entityType: 'store',
        entityId: inserted.id,
        after: draft,
      });
      return inserted;
    });
    return toStore(row);
  }

  async function update(actor: Actor, id: string, patch: StorePatch): Promise<Store> {
    await access(actor, id, 'owner');
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const { version, ...fields } = patch;
      const before = await trx
        .selectFrom('stores')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      // Conditional on the version read by the editor: a concurrent edit makes this match nothing.
      const updated = await trx
        .updateTable('stores')
        .set({
          ...(fields.name !== undefined ? { name: fields.name } : {}),
          ...(fields.mainCategory !== undefined ? { main_category: fields.mainCategory } : {}),
          ...(fields.region !== undefined ? { region: fields.region } : {}),
          ...(fields.qualifications !== undefined
            ? { qualifications: JSON.stringify(fields.qualifications) }
            : {}),
          version: version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
      if (!updated)
        throw conflict('VERSION_CONFLICT', 'Someone else changed this store; reload and edit again', {
          field: 'version',
          current: before.version,
        });
      await recordAudit(trx, clock, {
        actor,
        action: 'store.update',
        entityType: 'store',
        entityId: id,
        before: toStore(before),
        after: toStore(updated),
      });
      return toStore(updated);
    });
  }

  /** Ratings come from the platform (service scores), never from the store itself. */
  async function setRating(actor: Actor, id: string, ratingTenths: number, reason: string): Promise<Store> {
    if (actor.role !== 'operator') throw forbidden('Only operators set store ratings');
    return db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('stores')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('Store', id);
      const updated = await trx
        .updateTable('stores')
        .set({ rating_tenths: ratingTenths, version: before.version + 1, updated_at: clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'store.set_rating',
        entityType: 'store',
        entityId: id,
        before: { ratingTenths: before.rating_tenths },
        after: { ratingTenths },
        reason,
      });
      return toStore(updated);
    });
  }

  async function list(actor: Actor, query: { q?: string; limit: number; offset: number }) {
    const onlyIds = actor.apiKey?.storeIds;
    if (actor.role === 'operator') return listStores(db, { ...query, onlyIds });
    if (actor.role === 'merchant') return listStores(db, { ...query, memberId: actor.userId, onlyIds });
    throw forbidden('Only merchants and operators list stores');
  }

  async function members(actor: Actor, storeId: string): Promise<StoreMember[]> {
    await access(actor, storeId, 'read');
    const rows = await db
      .selectFrom('store_members')
      .selectAll()
      .where('store_id', '=', storeId)
      .orderBy('created_at')
      .execute();
    return rows.map(toMember);
  }

  async function addMember(
    actor: Actor,
    storeId: string,
    input: { userId: string; role: MemberRole },
  ): Promise<StoreMember> {
    await access(actor, storeId, 'owner');
    const user = await getUser(input.userId);
    if (user.role !== 'merchant')
      throw unprocessable('NOT_A_MERCHANT', 'userId: only merchant accounts can work in a store', {
        field: 'userId',
        role: user.role,
      });
    return db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('store_members')
        .values({ store_id: storeId, user_id: input.userId, role: input.role, created_at: clock.now() })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted)
        throw conflict('MEMBER_EXISTS', 'userId: already a member of this store', { field: 'userId' });
      await recordAudit(trx, clock, {
        actor,
        action: 'store.add_member',
        entityType: 'store',
        entityId: storeId,
        after: input,
      });
      return toMember(inserted);
    });
  }

  /** Stores by id without an access check: for public pages (the venue) that name them. */
  async function namesOf(
    ids: readonly string[],
  ): Promise<Map<string, { id: string; name: string; currency: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('stores')
      .select(['id', 'name', 'currency'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  return {
    access,
    create,
    update,
    setRating,
    list,
    get: async (actor: Actor, id: string) => (await access(actor, id, 'read')).store,
    members,
    /**
     * Adds a member directly, without an invitation: for the demo seed and test fixtures only.
     * No route reaches it; over HTTP members join by accepting an invitation (membership.ts).
     */
    addMember,
    ...createMembership({ db, clock, access }),
    namesOf,
    /**
     * Ids of the stores the user works in (empty for non-members); within a request made with an
     * API key limited to some stores, only those (the key travels in the request context).
     */
    storeIdsOf: async (userId: string) =>
      keyStoreFilter(
        currentRequestContext()?.apiKey,
        (await db.selectFrom('store_members').select('store_id').where('user_id', '=', userId).execute()).map(
          (r) => r.store_id,
        ),
      ),
  };
}

export type MerchantsService = ReturnType<typeof createMerchantsService>;

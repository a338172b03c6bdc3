import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { DB } from '../../schema';
import type { MerchantsService } from '../merchants';

export interface StoreOrigin {
  storeId: string;
  storeName: string;
  /** A farm-produce store (农产品): shown in the 助农 venue. */
  farm: boolean;
  /** 产地, e.g. 云南·普洱. */
  region: string;
  /** Origin tags, e.g. 地理标志产品, 高山茶园. */
  tags: string[];
  updatedAt: string;
}

/** Farm-produce stores and their origin tags (产地). */
export function createOrigins(deps: {
  db: Kysely<DB>;
  clock: Clock;
  merchants: Pick<MerchantsService, 'access'>;
}) {
  const { db, clock } = deps;

  const query = () =>
    db
      .selectFrom('store_origins')
      .innerJoin('stores', 'stores.id', 'store_origins.store_id')
      .select([
        'store_origins.store_id',
        'stores.name',
        'store_origins.farm',
        'store_origins.region',
        'store_origins.tags',
        'store_origins.updated_at',
      ]);
  type Row = Awaited<ReturnType<ReturnType<typeof query>['executeTakeFirstOrThrow']>>;
  const toOrigin = (r: Row): StoreOrigin => ({
    storeId: r.store_id,
    storeName: r.name,
    farm: r.farm,
    region: r.region,
    tags: r.tags,
    updatedAt: new Date(r.updated_at).toISOString(),
  });

  /** Sets the store's origin (its owner); audited, as it changes what buyers are told. */
  async function setOrigin(
    actor: Actor,
    storeId: string,
    input: { farm: boolean; region: string; tags: string[] },
  ): Promise<StoreOrigin> {
    await deps.merchants.access(actor, storeId, 'owner');
    const now = clock.now();
    const tags = [...new Set(input.tags)];
    return db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('store_origins')
        .selectAll()
        .where('store_id', '=', storeId)
        .executeTakeFirst();
      const values = {
        farm: input.farm,
        region: input.region,
        tags: JSON.stringify(tags),
        updated_by: actor.userId,
        updated_at: now,
      };
      await trx
        .insertInto('store_origins')
        .values({ store_id: storeId, ...values })
        .onConflict((oc) => oc.column('store_id').doUpdateSet(values))
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'store.origin.set',
        entityType: 'store',
        entityId: storeId,
        before: before ? { farm: before.farm, region: before.region, tags: before.tags } : null,
        after: { ...input, tags },
      });
      return toOrigin(
        await trx
          .selectFrom('store_origins')
          .innerJoin('stores', 'stores.id', 'store_origins.store_id')
          .select([
            'store_origins.store_id',
            'stores.name',
            'store_origins.farm',
            'store_origins.region',
            'store_origins.tags',
            'store_origins.updated_at',
          ])
          .where('store_origins.store_id', '=', storeId)
          .executeTakeFirstOrThrow(),
      );
    });
  }

  /** Every store with an origin (public: the venue shows them), farm stores first. */
  async function listOrigins(): Promise<StoreOrigin[]> {
    const rows = await query()
      .orderBy('store_origins.farm', 'desc')
      .orderBy('store_origins.store_id')
      .limit(1000)
      .execute();
    return rows.map(toOrigin);
  }

  return { setOrigin, listOrigins };
}

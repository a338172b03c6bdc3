import type { Kysely, Selectable } from 'kysely';
import { ilikeContains } from '../../platform/db/like';
import type { DB } from '../../schema';
import { type Store, type StoreMember, tenthsToRating } from './model';
import type { StoreMembersTable, StoresTable } from './tables';

export type StoreRow = Selectable<StoresTable>;

export const toStore = (row: StoreRow): Store => ({
  id: row.id,
  name: row.name,
  mainCategory: row.main_category,
  rating: tenthsToRating(row.rating_tenths),
  ratingTenths: row.rating_tenths,
  region: row.region,
  currency: row.currency,
  qualifications: row.qualifications,
  version: row.version,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export const toMember = (row: Selectable<StoreMembersTable>): StoreMember => ({
  storeId: row.store_id,
  userId: row.user_id,
  role: row.role,
  createdAt: new Date(row.created_at).toISOString(),
});

export const findStore = (db: Kysely<DB>, id: string) =>
  db.selectFrom('stores').selectAll().where('id', '=', id).executeTakeFirst();

export const findMembership = (db: Kysely<DB>, storeId: string, userId: string) =>
  db
    .selectFrom('store_members')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

export async function listStores(
  db: Kysely<DB>,
  filter: {
    memberId?: string;
    onlyIds?: readonly string[] | null;
    q?: string;
    limit: number;
    offset: number;
  },
) {
  let q = db.selectFrom('stores');
  // An API key limited to some stores (platform/auth/key-resources.ts); none of them: no rows.
  if (filter.onlyIds) q = q.where('id', 'in', filter.onlyIds.length ? [...filter.onlyIds] : ['']);
  if (filter.memberId) {
    const memberId = filter.memberId;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('store_members').select('store_id').where('user_id', '=', memberId),
    );
  }
  if (filter.q) q = q.where(ilikeContains('name', filter.q));
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toStore), total: Number(count.n) };
}

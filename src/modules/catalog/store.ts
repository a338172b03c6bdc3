import type { Kysely, Selectable } from 'kysely';
import { escapeLike } from '../../platform/db/like';
import type { DB } from '../../schema';
import type { PricePoint, Product, Sku, SkuInfo } from './model';
import type { ProductListQuery } from './schemas';
import type { ProductsTable, SkusTable } from './tables';

export type ProductRow = Selectable<ProductsTable>;
export type SkuRow = Selectable<SkusTable>;

export const toSku = (row: SkuRow): Sku => ({
  id: row.id,
  productId: row.product_id,
  storeId: row.store_id,
  attributes: row.attributes,
  price: Number(row.price),
  stock: row.stock,
  version: row.version,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export const toProduct = (row: ProductRow, skus: Sku[]): Product => ({
  id: row.id,
  storeId: row.store_id,
  title: row.title,
  category: row.category,
  description: row.description,
  imageUrls: row.image_urls,
  version: row.version,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  skus,
});

async function withSkus(db: Kysely<DB>, rows: ProductRow[]): Promise<Product[]> {
  if (rows.length === 0) return [];
  const skus = await db
    .selectFrom('skus')
    .selectAll()
    .where(
      'product_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byProduct = new Map<string, Sku[]>();
  for (const s of skus) {
    const list = byProduct.get(s.product_id) ?? [];
    list.push(toSku(s));
    byProduct.set(s.product_id, list);
  }
  return rows.map((r) => toProduct(r, byProduct.get(r.id) ?? []));
}

export async function listProducts(db: Kysely<DB>, storeId: string, query: ProductListQuery) {
  let q = db.selectFrom('products').where('store_id', '=', storeId);
  if (query.category) {
    const c = query.category;
    q = q.where((eb) => eb.or([eb('category', '=', c), eb('category', 'like', `${escapeLike(c)}.%`)]));
  }
  if (query.q) q = q.where('title', 'ilike', `%${escapeLike(query.q)}%`);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at').orderBy('id').limit(query.limit).offset(query.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await withSkus(db, rows), total: Number(count.n) };
}

export async function findProduct(db: Kysely<DB>, id: string): Promise<Product | null> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return (await withSkus(db, [row]))[0]!;
}

export const findSku = (db: Kysely<DB>, id: string) =>
  db.selectFrom('skus').selectAll().where('id', '=', id).executeTakeFirst();

/** The change rows that matter for [from, to]: the last at or before `from`, and every one after it up to `to`. */
export async function priceHistory(
  db: Kysely<DB>,
  skuId: string,
  from: Date | null,
  to: Date,
): Promise<PricePoint[]> {
  const rows: { price: number; effective_at: Date }[] = [];
  if (from) {
    const before = await db
      .selectFrom('sku_price_history')
      .select(['price', 'effective_at'])
      .where('sku_id', '=', skuId)
      .where('effective_at', '<=', from)
      .orderBy('effective_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (before) rows.push(before);
  }
  let q = db
    .selectFrom('sku_price_history')
    .select(['price', 'effective_at'])
    .where('sku_id', '=', skuId)
    .where('effective_at', '<=', to);
  if (from) q = q.where('effective_at', '>', from);
  rows.push(...(await q.orderBy('effective_at').orderBy('id').execute()));
  return rows.map((r) => ({ price: Number(r.price), effectiveAt: new Date(r.effective_at).toISOString() }));
}

export async function skuInfos(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, SkuInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .selectAll('skus')
    .select([
      'products.title as product_title',
      'products.category as product_category',
      'products.image_urls as product_images',
    ])
    .where('skus.id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ...toSku(r),
        productTitle: r.product_title,
        category: r.product_category,
        imageUrl: r.product_images[0] ?? null,
      },
    ]),
  );
}

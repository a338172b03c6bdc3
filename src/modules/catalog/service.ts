import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { conflict, notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import { invalidateReads } from '../../platform/read-cache';
import type { DB } from '../../schema';
import type { MerchantsService } from '../merchants';
import { lowestPriceBetween, windowBefore } from './lowest-price';
import { LOWEST_PRICE_DAYS, type PricePoint, type Product, type Sku, type SkuInfo } from './model';
import type { ProductDraft, ProductListQuery, ProductPatch, SkuDraft } from './schemas';
import { findProduct, findSku, listProducts, priceHistory, skuInfos, toProduct, toSku } from './store';

export interface CatalogDeps {
  db: Kysely<DB>;
  clock: Clock;
  merchants: Pick<MerchantsService, 'access'>;
}

export function createCatalogService({ db, clock, merchants }: CatalogDeps) {
  async function insertSku(trx: Kysely<DB>, productId: string, storeId: string, draft: SkuDraft, now: Date) {
    const row = await trx
      .insertInto('skus')
      .values({
        id: newId('sku', now.getTime()),
        product_id: productId,
        store_id: storeId,
        attributes: JSON.stringify(draft.attributes),
        price: draft.price,
        stock: draft.stock,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The first price is history too: a SKU's lowest price is known from the day it exists.
    await trx
      .insertInto('sku_price_history')
      .values({ sku_id: row.id, price: draft.price, effective_at: now })
      .execute();
    return row;
  }

  async function createProduct(actor: Actor, storeId: string, draft: ProductDraft): Promise<Product> {
    await merchants.access(actor, storeId, 'staff');
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const product = await trx
        .insertInto('products')
        .values({
          id: newId('prd', now.getTime()),
          store_id: storeId,
          title: draft.title,
          category: draft.category,
          description: draft.description,
          image_urls: JSON.stringify(draft.imageUrls),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const skus: Sku[] = [];
      for (const s of draft.skus) skus.push(toSku(await insertSku(trx, product.id, storeId, s, now)));
      return toProduct(product, skus);
    });
  }

  async function loadProduct(actor: Actor, id: string, need: 'read' | 'staff'): Promise<Product> {
    const product = await findProduct(db, id);
    if (!product) throw notFound('Product', id);
    await merchants.access(actor, product.storeId, need, { what: 'Product', id });
    return product;
  }

  async function loadSku(actor: Actor, id: string, need: 'read' | 'staff') {
    const row = await findSku(db, id);
    if (!row) throw notFound('SKU', id);
    await merchants.access(actor, row.store_id, need, { what: 'SKU', id });
    return row;
  }

  async function updateProduct(actor: Actor, id: string, patch: ProductPatch): Promise<Product> {
    const before = await loadProduct(actor, id, 'staff');
    const { version, ...f } = patch;
    const updated = await db
      .updateTable('products')
      .set({
        ...(f.title !== undefined ? { title: f.title } : {}),
        ...(f.category !== undefined ? { category: f.category } : {}),
        ...(f.description !== undefined ? { description: f.description } : {}),
        ...(f.imageUrls !== undefined ? { image_urls: JSON.stringify(f.imageUrls) } : {}),
        version: version + 1,
        updated_at: clock.now(),
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
    if (!updated)
      throw conflict('VERSION_CONFLICT', 'Someone else changed this product; reload and edit again', {
        field: 'version',
        current: before.version,
      });
    return toProduct(updated, before.skus);
  }

  async function addSku(actor: Actor, productId: string, draft: SkuDraft): Promise<Sku> {
    const product = await loadProduct(actor, productId, 'staff');
    const now = clock.now();
    return db
      .transaction()
      .execute(async (trx) => toSku(await insertSku(trx, product.id, product.storeId, draft, now)));
  }

  /**
   * A new list price, recorded in the history in the same transaction. Conditional on the
   * version the merchant saw, so two editors cannot silently overwrite each other.
   */
  async function changePrice(actor: Actor, skuId: string, price: number, version: number): Promise<Sku> {
    await loadSku(actor, skuId, 'staff');
    const now = clock.now();
    const sku = await db.transaction().execute(async (trx) => {
      // The price this change replaces, locked, so the audit entry's "before" is exact.
      const current = await trx
        .selectFrom('skus')
        .select(['price', 'version'])
        .where('id', '=', skuId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const updated = await trx
        .updateTable('skus')
        .set({ price, version: version + 1, updated_at: now })
        .where('id', '=', skuId)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
      if (!updated)
        throw conflict('VERSION_CONFLICT', 'Someone else changed this SKU; reload and edit again', {
          field: 'version',
          current: current.version,
        });
      if (Number(current.price) !== price)
        await trx
          .insertInto('sku_price_history')
          .values({ sku_id: skuId, price, effective_at: now })
          .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'sku.price.change',
        entityType: 'sku',
        entityId: skuId,
        before: { price: Number(current.price), version: current.version },
        after: { price: Number(updated.price), version: updated.version },
      });
      return toSku(updated);
    });
    // The venue prices lines from the list price: drop the checkout's cached venue reads
    // (enrollment/venue-cache.ts; the key prefix is theirs, catalog cannot import enrollment).
    invalidateReads(db, 'venue:');
    return sku;
  }

  /**
   * Stock moves by a delta, never below zero: one conditional UPDATE, no read-then-write. A delta
   * is not idempotent by itself (a retried "+10" would add 20), so it runs under the caller's
   * Idempotency-Key and a retry gets the first answer.
   */
  async function adjustStock(
    actor: Actor,
    skuId: string,
    delta: number,
    key: string,
  ): Promise<IdempotentResult<{ sku: Sku }>> {
    await loadSku(actor, skuId, 'staff');
    return runIdempotent(
      db,
      {
        scope: `sku-stock:${actor.userId}`,
        key,
        fingerprint: requestFingerprint(['sku-stock', skuId, delta]),
      },
      async (trx) => ({ status: 200, body: { sku: await applyStockDelta(trx, actor, skuId, delta) } }),
    );
  }

  async function applyStockDelta(trx: Kysely<DB>, actor: Actor, skuId: string, delta: number): Promise<Sku> {
    const updated = await trx
      .updateTable('skus')
      .set((eb) => ({
        stock: eb('stock', '+', delta),
        version: eb('version', '+', 1),
        updated_at: clock.now(),
      }))
      .where('id', '=', skuId)
      .where((eb) => eb(eb('stock', '+', delta), '>=', 0))
      .returningAll()
      .executeTakeFirst();
    if (!updated)
      throw conflict('INSUFFICIENT_STOCK', 'delta: stock on hand would go below zero', { field: 'delta' });
    // The update is atomic, so the stock it replaced is exactly the new one minus the delta.
    await recordAudit(trx, clock, {
      actor,
      action: 'sku.stock.adjust',
      entityType: 'sku',
      entityId: skuId,
      before: { stock: Number(updated.stock) - delta },
      after: { stock: Number(updated.stock), delta },
    });
    return toSku(updated);
  }

  /** The lowest list price over the `days` before `at` (default 30), from the history. */
  async function lowestPriceBefore(
    skuId: string,
    at: Date,
    days = LOWEST_PRICE_DAYS,
  ): Promise<number | null> {
    const { from, to } = windowBefore(at, days);
    return lowestPriceBetween(await priceHistory(db, skuId, from, to), from, to);
  }

  async function history(actor: Actor, skuId: string, range: { from?: string; to?: string }) {
    const sku = await loadSku(actor, skuId, 'read');
    const now = clock.now();
    const to = range.to ? new Date(range.to) : now;
    const from = range.from ? new Date(range.from) : null;
    const points: PricePoint[] = await priceHistory(db, skuId, from, to);
    return {
      sku: toSku(sku),
      items: points,
      lowest30Days: await lowestPriceBefore(skuId, now),
      ...(from ? { lowestInRange: lowestPriceBetween(points, from, to) } : {}),
    };
  }

  return {
    createProduct,
    listProducts: async (actor: Actor, storeId: string, query: ProductListQuery) => {
      await merchants.access(actor, storeId, 'read');
      return listProducts(db, storeId, query);
    },
    getProduct: (actor: Actor, id: string) => loadProduct(actor, id, 'read'),
    updateProduct,
    addSku,
    changePrice,
    adjustStock,
    history,
    lowestPriceBefore,
    /** SKUs with their product's title and category, by id, without an access check (callers check). */
    skuInfos: (ids: readonly string[]): Promise<Map<string, SkuInfo>> => skuInfos(db, ids),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;

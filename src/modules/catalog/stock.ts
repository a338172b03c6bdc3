import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * Stock on hand moves at checkout only through these conditional writes: the row is changed
 * only while enough is left, and RETURNING says whether it was. Never read-then-write.
 * Call them inside the caller's transaction, in SKU id order (concurrent carts then lock the
 * rows in the same order and cannot deadlock).
 */

/** Takes `qty` units of a SKU; the units left, or null when fewer than `qty` were on hand. */
export async function reserveStock(trx: Kysely<DB>, skuId: string, qty: number): Promise<number | null> {
  const row = await trx
    .updateTable('skus')
    .set((eb) => ({ stock: eb('stock', '-', qty) }))
    .where('id', '=', skuId)
    .where('stock', '>=', qty)
    .returning('stock')
    .executeTakeFirst();
  return row ? row.stock : null;
}

/** Puts `qty` units back (an order closed unpaid, a cancelled reservation). */
export async function releaseStock(trx: Kysely<DB>, skuId: string, qty: number): Promise<void> {
  await trx
    .updateTable('skus')
    .set((eb) => ({ stock: eb('stock', '+', qty) }))
    .where('id', '=', skuId)
    .execute();
}

import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { forbidden, notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { skuInfosIn } from '../catalog';
import type { MerchantsService } from '../merchants';
import { findOrder } from './after-sale-store';
import { type Refund, type StoreRefund, toRefund } from './refund-model';

export interface RefundListsDeps {
  db: Kysely<DB>;
  merchants: Pick<MerchantsService, 'access' | 'storeIdsOf' | 'namesOf'>;
}

/** The read side of refunds: a store's queue and a consumer's refunds of one order. */
export function createRefundLists({ db, merchants }: RefundListsDeps) {
  /**
   * Refunds of a store (its members; operators read), or without `storeId` of every store the
   * merchant is a member of (operators: every store), newest first; each with its line's title
   * and SKU attributes and its store's name.
   */
  async function listForStore(
    actor: Actor,
    query: { storeId?: string; status?: Refund['status']; limit?: number; offset?: number },
  ): Promise<{ items: StoreRefund[] }> {
    let storeIds: string[] | null;
    if (query.storeId) {
      await merchants.access(actor, query.storeId, 'read');
      storeIds = [query.storeId];
    } else if (actor.role === 'operator') storeIds = null;
    else if (actor.role === 'merchant') storeIds = await merchants.storeIdsOf(actor.userId);
    else throw forbidden('Only merchants and operators list store refunds');
    if (storeIds && storeIds.length === 0) return { items: [] };
    let q = db
      .selectFrom('refunds as r')
      .innerJoin('order_lines as l', 'l.id', 'r.line_id')
      .selectAll('r')
      .select(['l.title as line_title', 'l.sku_id as line_sku_id', 'l.quantity as line_quantity']);
    if (storeIds) q = q.where('r.store_id', 'in', storeIds);
    if (query.status) q = q.where('r.status', '=', query.status);
    const rows = await q
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .execute();
    const [names, skus] = await Promise.all([
      merchants.namesOf([...new Set(rows.map((r) => r.store_id))]),
      skuInfosIn(db, [...new Set(rows.map((r) => r.line_sku_id))]),
    ]);
    return {
      items: rows.map((r) => ({
        ...toRefund(r),
        storeName: names.get(r.store_id)?.name ?? null,
        line: {
          title: r.line_title,
          skuId: r.line_sku_id,
          attributes: skus.get(r.line_sku_id)?.attributes ?? {},
          quantity: r.line_quantity,
        },
      })),
    };
  }

  /** The consumer's refunds of one of their orders. */
  async function listForOrder(actor: Actor, orderId: string): Promise<{ items: Refund[] }> {
    const order = await findOrder(db, orderId);
    if (!order || (order.customer_id !== actor.userId && actor.role !== 'operator'))
      throw notFound('Order', orderId);
    const rows = await db
      .selectFrom('refunds')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { items: rows.map(toRefund) };
  }

  return { listForStore, listForOrder };
}

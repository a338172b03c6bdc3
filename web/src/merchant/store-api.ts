import type { paths } from '../../../client/index.js';
import { call, carnival, idempotent, type Schemas } from '../api/typed';

/**
 * The store console's calls (catalog, store coupons, campaign price drops) through the generated
 * client. Creating calls take the caller's Idempotency-Key, so a retried submit creates once.
 */

export type Product = Schemas['Product'];
export type Sku = Schemas['Sku'];
export type PriceHistory = Schemas['SkuPriceHistory'];
export type StoreCoupon = Schemas['Coupon'];
export type Category = Schemas['Category'];

export type ProductCategory = NonNullable<
  paths['/api/products/{id}']['patch']['requestBody']['content']['application/json']['category']
>;
export interface ProductDraft {
  title: string;
  category: ProductCategory;
  description: string;
  skus: { attributes: Record<string, string>; price: number; stock: number }[];
}
export type CouponDraft = {
  storeId: string;
  campaignId?: string;
  threshold: number;
  off: number;
  claimStartsAt: string;
  claimEndsAt: string;
  perCustomerLimit: number;
  totalQuantity: number;
};

const byId = (id: string) => ({ params: { path: { id } } });

export const storeApi = {
  products: (storeId: string) =>
    call(
      carnival.GET('/api/stores/{id}/products', { params: { path: { id: storeId }, query: { limit: 200 } } }),
    ),
  createProduct: (key: string, storeId: string, draft: ProductDraft) =>
    call(
      carnival.POST('/api/stores/{id}/products', { ...byId(storeId), body: draft, headers: idempotent(key) }),
    ).then((r) => r.product),
  editProduct: (
    id: string,
    patch: { title?: string; description?: string; category?: ProductCategory; version: number },
  ) => call(carnival.PATCH('/api/products/{id}', { ...byId(id), body: patch })).then((r) => r.product),
  addSku: (
    key: string,
    productId: string,
    sku: { attributes: Record<string, string>; price: number; stock: number },
  ) =>
    call(
      carnival.POST('/api/products/{id}/skus', { ...byId(productId), body: sku, headers: idempotent(key) }),
    ).then((r) => r.sku),
  setPrice: (skuId: string, price: number, version: number) =>
    call(carnival.PUT('/api/skus/{id}/price', { ...byId(skuId), body: { price, version } })).then(
      (r) => r.sku,
    ),
  adjustStock: (skuId: string, delta: number) =>
    call(carnival.POST('/api/skus/{id}/stock', { ...byId(skuId), body: { delta } })).then((r) => r.sku),
  priceHistory: (skuId: string) => call(carnival.GET('/api/skus/{id}/price-history', byId(skuId))),

  coupons: (storeId: string) =>
    call(carnival.GET('/api/manage/coupons', { params: { query: { storeId, limit: 200 } } })),
  issueCoupon: (key: string, d: CouponDraft) =>
    call(
      carnival.POST('/api/coupons', {
        body: {
          scope: 'store',
          storeId: d.storeId,
          ...(d.campaignId ? { campaignId: d.campaignId } : {}),
          promotion: { layer: 'store', type: 'coupon', threshold: d.threshold, off: d.off },
          claimStartsAt: d.claimStartsAt,
          claimEndsAt: d.claimEndsAt,
          perCustomerLimit: d.perCustomerLimit,
          totalQuantity: d.totalQuantity,
        },
        headers: idempotent(key),
      }),
    ).then((r) => r.coupon),
  pauseCoupon: (id: string) => call(carnival.POST('/api/coupons/{id}/pause', byId(id))).then((r) => r.coupon),
  resumeCoupon: (id: string) =>
    call(carnival.POST('/api/coupons/{id}/resume', byId(id))).then((r) => r.coupon),
  couponCodes: (key: string, id: string, count: number) =>
    call(
      carnival.POST('/api/coupons/{id}/codes', {
        params: { path: { id }, query: { format: 'json' } },
        body: { count },
        headers: idempotent(key),
      }),
    ),

  lowerCampaignPrice: (key: string, nominationId: string, campaignPrice: number, reason: string) =>
    call(
      carnival.POST('/api/nominations/{id}/price-drops', {
        ...byId(nominationId),
        body: { campaignPrice, reason },
        headers: idempotent(key),
      }),
    ),
  campaignPriceChanges: (nominationId: string) =>
    call(carnival.GET('/api/nominations/{id}/price-changes', byId(nominationId))),
};

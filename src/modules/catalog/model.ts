/** Products and SKUs of a store, as the API and the other modules see them. All prices in minor units. */
export interface Sku {
  id: string;
  productId: string;
  storeId: string;
  /** Sales attributes, e.g. { 颜色: '红', 尺码: 'M' }. */
  attributes: Record<string, string>;
  /** The list price now, in minor units of the store's currency. */
  price: number;
  /** Stock on hand. */
  stock: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Product {
  id: string;
  storeId: string;
  title: string;
  category: string;
  description: string;
  imageUrls: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  skus: Sku[];
}

/** One price change: the price in force from `effectiveAt` until the next change. */
export interface PricePoint {
  price: number;
  effectiveAt: string;
}

/** A SKU with what other modules (enrollment, the venue) need to know of its product. */
export interface SkuInfo extends Sku {
  productTitle: string;
  category: string;
  imageUrl: string | null;
}

/** The look-back window of the "real discount" rule. */
export const LOWEST_PRICE_DAYS = 30;

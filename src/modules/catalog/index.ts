export { CATEGORIES, CATEGORY_CODES, type Category, type CategoryCode, categoryIn } from './categories';
export { lowestPriceBetween, windowBefore } from './lowest-price';
export type { PricePoint, Product, Sku, SkuInfo } from './model';
export { LOWEST_PRICE_DAYS } from './model';
export { productSchema, skuSchema } from './responses';
export { catalogRoutes } from './routes';
export { type ProductDraft, productDraftSchema } from './schemas';
export { type CatalogService, createCatalogService } from './service';
export { releaseStock, reserveStock } from './stock';
/** SKUs with their product's title and category, read through the given executor (a transaction). */
export { skuInfos as skuInfosIn } from './store';
export type { CatalogTables } from './tables';

import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

export interface ProductsTable {
  id: string;
  store_id: string;
  title: string;
  category: string;
  description: ColumnType<string, string | undefined, string>;
  image_urls: Json<string[]>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SkusTable {
  id: string;
  product_id: string;
  store_id: string;
  attributes: Json<Record<string, string>>;
  price: number;
  stock: number;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SkuPriceHistoryTable {
  id: Generated<number>;
  sku_id: string;
  price: number;
  effective_at: Timestamp;
}

export interface CatalogTables {
  products: ProductsTable;
  skus: SkusTable;
  sku_price_history: SkuPriceHistoryTable;
}

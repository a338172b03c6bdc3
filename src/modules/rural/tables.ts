import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** A farm-produce store's origin (产地) and tags (migration 0026). */
export interface StoreOriginsTable {
  store_id: string;
  farm: Defaulted<boolean>;
  region: string;
  tags: Json<string[]>;
  updated_by: string;
  updated_at: Timestamp;
}

/** A green choice made at checkout: one row per order and choice (migration 0026). */
export interface GreenChoicesTable {
  order_id: string;
  choice: string;
  customer_id: string;
  points: number;
  co2_grams: number;
  created_at: Timestamp;
}

export interface RuralTables {
  store_origins: StoreOriginsTable;
  green_choices: GreenChoicesTable;
}

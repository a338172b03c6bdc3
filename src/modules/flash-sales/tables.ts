import type { ColumnType } from 'kysely';
import type { Timestamp } from '../../platform/db/tables';
import type { ReservationStatus, StoredSlotStatus } from './model';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** Migration 0015. `taken` = units held by live reservations + units ordered; 0 <= taken <= stock. */
export interface FlashSaleSlotsTable {
  id: string;
  campaign_id: string;
  sku_id: string;
  store_id: string;
  nomination_id: string;
  title: string;
  list_price: number;
  flash_price: number;
  currency: Defaulted<string>;
  stock: number;
  taken: Defaulted<number>;
  per_customer_limit: Defaulted<number>;
  checkout_minutes: Defaulted<number>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Defaulted<StoredSlotStatus>;
  paused_at: Timestamp | null;
  waiting_room: Defaulted<boolean>;
  min_account_age_hours: Defaulted<number>;
  slot_rate_per_sec: number | null;
  customer_rate_per_sec: number | null;
  ip_rate_per_sec: number | null;
  sold_out_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FlashSaleReservationsTable {
  id: string;
  slot_id: string;
  customer_id: string;
  quantity: number;
  status: ReservationStatus;
  idempotency_key: string;
  deadline: Timestamp;
  order_id: string | null;
  created_at: Timestamp;
  ended_at: Timestamp | null;
}

/** Units a customer holds in a slot (live + ordered); the per-customer limit is checked against it. */
export interface FlashSaleCustomerUnitsTable {
  slot_id: string;
  customer_id: string;
  units: number;
}

export interface FlashSaleTables {
  flash_sale_slots: FlashSaleSlotsTable;
  flash_sale_reservations: FlashSaleReservationsTable;
  flash_sale_customer_units: FlashSaleCustomerUnitsTable;
}

import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';

/** Province, city and district as named when the address was saved. */
export interface RegionNames {
  province: string;
  city: string;
  district: string;
}

/**
 * The copy of an address an order keeps (orders.shipping_address): a later edit or delete of
 * the address book never moves an order that has shipped.
 */
export interface ShippingAddress {
  name: string;
  phone: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  region: RegionNames;
  detail: string;
}

export interface AddressesTable {
  id: string;
  customer_id: string;
  name: string;
  phone: string;
  province_code: string;
  city_code: string;
  district_code: string;
  region: Json<RegionNames>;
  detail: string;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AddressTables {
  addresses: AddressesTable;
}

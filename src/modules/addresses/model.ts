import type { RegionNames } from './tables';

/** One entry of a customer's address book (收货地址). */
export interface Address {
  id: string;
  name: string;
  phone: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  region: RegionNames;
  detail: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Most addresses one customer keeps (Taobao's limit). */
export const MAX_ADDRESSES = 20;

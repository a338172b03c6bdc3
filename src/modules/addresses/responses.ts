import { z } from 'zod';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { Address } from './model';
import type { ShippingAddress } from './tables';

const regionSchema = z.object({ province: z.string(), city: z.string(), district: z.string() });

export const addressSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    provinceCode: z.string(),
    cityCode: z.string(),
    districtCode: z.string(),
    region: regionSchema,
    detail: z.string(),
    isDefault: z.boolean(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({ id: 'Address' });

/** The copy an order keeps of the address picked at checkout. */
export const shippingAddressSchema = z
  .object({
    name: z.string(),
    phone: z.string(),
    provinceCode: z.string(),
    cityCode: z.string(),
    districtCode: z.string(),
    region: regionSchema,
    detail: z.string(),
  })
  .meta({ id: 'ShippingAddress' });

export const addressAnswer = z.object({ address: addressSchema });
export const addressListSchema = z.object({ items: z.array(addressSchema) });

export type AddressSchemaMatches = SameType<z.infer<typeof addressSchema>, Address>;
export type ShippingAddressSchemaMatches = SameType<z.infer<typeof shippingAddressSchema>, ShippingAddress>;

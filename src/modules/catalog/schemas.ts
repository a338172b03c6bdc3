import { z } from 'zod';
import { CATEGORY_CODES } from './categories';

/** Input shapes shared by the HTTP routes and the service (seed). */
const MINOR = 'must be a non-negative integer in minor units';
export const minor = z.number({ error: MINOR }).int(MINOR).min(0, MINOR).max(Number.MAX_SAFE_INTEGER, MINOR);

export const attributesSchema = z
  .record(z.string().trim().min(1).max(30), z.string().trim().min(1).max(60))
  .refine((a) => Object.keys(a).length <= 10, 'at most 10 attributes')
  .default({});

export const skuDraftSchema = z.object({
  attributes: attributesSchema,
  price: minor,
  stock: z.number().int('must be a whole number').min(0).max(10_000_000),
});
export type SkuDraft = z.infer<typeof skuDraftSchema>;

/**
 * A product picture: a merchant's http(s) URL, or a picture inlined as a base64 data: URL (the
 * demo's drawn pictures, src/seed/demo-images.ts: a demo install has no image host). Only image
 * types, base64 only, and small: pages put them in <img>, where an SVG runs no script.
 */
const DATA_IMAGE = /^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;
export const MAX_DATA_IMAGE = 48_000;
export const imageUrlSchema = z.union(
  [z.url({ protocol: /^https?$/ }), z.string().max(MAX_DATA_IMAGE).regex(DATA_IMAGE)],
  { error: 'must be an http(s) URL or a base64 data:image URL' },
);

export const productDraftSchema = z.object({
  title: z.string().trim().min(1, 'is required').max(200),
  category: z.enum(CATEGORY_CODES),
  description: z.string().trim().max(5000).default(''),
  imageUrls: z.array(imageUrlSchema).max(10).default([]),
  skus: z.array(skuDraftSchema).min(1, 'a product needs at least one SKU').max(100),
});
export type ProductDraft = z.infer<typeof productDraftSchema>;

export const productPatchSchema = productDraftSchema
  .omit({ skus: true })
  .partial()
  .extend({ version: z.number().int().positive('is required: the version you edited') });
export type ProductPatch = z.infer<typeof productPatchSchema>;

export const priceChangeSchema = z.object({
  price: minor,
  version: z.number().int().positive('is required: the version you edited'),
});

export const stockAdjustSchema = z.object({
  delta: z
    .number()
    .int('must be a whole number')
    .refine((v) => v !== 0, 'must not be zero')
    .refine((v) => Math.abs(v) <= 10_000_000, 'is too large'),
});

export const productListQuerySchema = z.object({
  q: z.string().max(100).optional(),
  category: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

export const priceHistoryQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

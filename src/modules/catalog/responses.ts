import { z } from 'zod';
import { fen, isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import type { Category } from './categories';
import type { PricePoint, Product, Sku } from './model';

/**
 * Answer schemas of the catalog routes (the OpenAPI document and carnival/client are made from
 * them; the strict serializer checks every route test's answers against them).
 */

export const categorySchema = z
  .object({
    code: z.string().describe('`group` or `group.leaf`, e.g. `apparel.women`'),
    name: localizedSchema,
  })
  .meta({ id: 'Category' });

export const categoryListSchema = z.object({ items: z.array(categorySchema) });

export const skuSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    storeId: z.string(),
    attributes: z.record(z.string(), z.string()).describe('Sales attributes, e.g. `{ "颜色": "红" }`'),
    price: fen().describe('The list price now, in fen'),
    stock: z.number().int().describe('Stock on hand'),
    version: z.number().int(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({
    id: 'Sku',
    example: {
      id: 'sku_01jf3k9a7b',
      productId: 'prd_01jf3k9a6z',
      storeId: 'sto_01jf3k8z1c',
      attributes: { 颜色: '红', 尺码: 'M' },
      price: 19900,
      stock: 120,
      version: 1,
      createdAt: '2026-09-01T02:00:00.000Z',
      updatedAt: '2026-09-01T02:00:00.000Z',
    },
  });

export const productSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    title: z.string(),
    category: z.string().describe('A category code'),
    description: z.string(),
    imageUrls: z.array(z.string()),
    version: z.number().int(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
    skus: z.array(skuSchema),
  })
  .meta({ id: 'Product' });

export const productAnswerSchema = z.object({ product: productSchema });
export const productPageSchema = z
  .object({ items: z.array(productSchema), total: z.number().int() })
  .meta({ id: 'ProductPage' });
export const skuAnswerSchema = z.object({ sku: skuSchema });

export const skuPricePointSchema = z
  .object({ price: fen(), effectiveAt: isoInstant().describe('In force from then until the next change') })
  .meta({ id: 'SkuPricePoint' });

export const skuPriceHistorySchema = z
  .object({
    sku: skuSchema,
    items: z.array(skuPricePointSchema),
    lowest30Days: fen().nullable().describe('The lowest list price over the last 30 days'),
    lowestInRange: fen()
      .nullable()
      .optional()
      .describe('The lowest list price over [from, to], when `from` was given'),
  })
  .meta({ id: 'SkuPriceHistory' });

type _Category = SameType<z.infer<typeof categorySchema>, Category>;
type _Sku = SameType<z.infer<typeof skuSchema>, Sku>;
type _Product = SameType<z.infer<typeof productSchema>, Product>;
type _Point = SameType<z.infer<typeof skuPricePointSchema>, PricePoint>;

import { z } from 'zod';
import { GREEN_CHOICE_IDS } from '../rural';

const id = z.string().min(1).max(100);
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
};

export const ORDER_STATUSES = ['created', 'deposit_paid', 'paid', 'closed', 'completed'] as const;
export const SUB_ORDER_STATUSES = [
  'created',
  'deposit_paid',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'closed',
] as const;

export const cartQuerySchema = z.object({ campaignId: id });
export const cartItemSchema = z.object({
  campaignId: id,
  skuId: id,
  quantity: z.number().int('must be a whole number').min(0).max(999),
});
export const checkoutSchema = z.object({
  campaignId: id,
  /** The total the customer confirmed, in fen. */
  expectedTotal: z.number().int().min(0).optional(),
  /** One of your saved addresses (GET /api/me/addresses); the order keeps a copy of it. */
  addressId: id.optional(),
  /** Green choices (no extra packaging ...): they earn green points (src/modules/rural). */
  greenChoices: z.array(z.enum(GREEN_CHOICE_IDS)).max(GREEN_CHOICE_IDS.length).optional(),
});
export const flashCheckoutSchema = z.object({
  /** The total the customer confirmed, in fen (flash price x quantity). */
  expectedTotal: z.number().int().min(0).optional(),
});
export const idParams = z.object({ id });
export const orderListQuerySchema = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  campaignId: id.optional(),
  /** Operators only. */
  customerId: id.optional(),
  ...page,
});
export const merchantOrdersQuerySchema = z.object({
  storeId: id.optional(),
  status: z.enum(SUB_ORDER_STATUSES).optional(),
  ...page,
});
export const shipSchema = z.object({
  carrier: z.string().trim().min(1).max(50),
  trackingNumber: z
    .string()
    .trim()
    .min(4)
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes'),
});

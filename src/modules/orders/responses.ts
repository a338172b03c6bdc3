import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import { shippingAddressSchema } from '../addresses';
import { LAYERS } from '../pricing';
import type {
  CartView,
  Order,
  OrderEvent,
  OrderLine,
  OrderPayment,
  Payment,
  PriceProtectionOffer,
  SubOrder,
} from './model';
import { ORDER_STATUSES, SUB_ORDER_STATUSES } from './schemas';

/**
 * Response models of the cart, checkout and order routes (routes.ts): what the OpenAPI document
 * names and the generated client (carnival/client) exports. The after-sale answers are in
 * after-sale-responses.ts. Each model is checked at compile time against the service's own type.
 */

const attributes = () =>
  z.record(z.string(), z.string()).describe('The SKU’s attributes (颜色, 尺码...); {} when the SKU is gone');

const layer = z.enum(LAYERS);

export const fundedAdjustmentSchema = z
  .object({
    promotion: z.string().describe('The promotion’s id'),
    layer,
    amount: fen(),
    fundedBy: z.enum(['merchant', 'platform']).describe('Who pays for this discount'),
  })
  .meta({ id: 'FundedAdjustment', description: 'One discount on a line and who funds it' });

export const priceProtectionOfferSchema = z
  .object({
    eligible: z.boolean(),
    reason: z
      .enum(['WINDOW_OVER', 'NO_PRICE_DROP', 'ALREADY_CLAIMED', 'NOTHING_TO_PROTECT'])
      .optional()
      .describe('Why not (absent when eligible, and when the order is not paid)'),
    currentUnitPrice: fen().optional().describe('The SKU’s campaign price now, when still on sale'),
    amount: fen().optional().describe('What a claim would pay now (eligible only)'),
    until: isoInstant().optional().describe('The end of the window'),
  })
  .meta({ id: 'PriceProtectionOffer', description: 'Whether a line’s 价保 claim would be paid now' });

export const orderLineSchema = z
  .object({
    id: z.string(),
    subOrderId: z.string(),
    storeId: z.string(),
    skuId: z.string(),
    nominationId: z.string().nullable(),
    title: z.string(),
    attributes: attributes(),
    listPrice: fen().describe('The SKU’s list price per unit when ordered'),
    unitPrice: fen().describe('The campaign price per unit (before group discounts)'),
    quantity: z.number().int(),
    subtotal: fen().describe('listPrice × quantity'),
    discount: fen().describe('Every discount apportioned to the line, the campaign price included'),
    total: fen(),
    merchantFunded: fen(),
    platformFunded: fen(),
    deposit: fen().nullable().describe('Pre-sale lines only'),
    balance: fen().nullable().describe('Pre-sale lines only'),
    adjustments: z.array(fundedAdjustmentSchema),
    refundedAmount: fen(),
    refundedQuantity: z.number().int(),
    priceProtected: fen().describe('价保 paid on the line (0 or one claim)'),
    refundable: fen().describe(
      'What a refund request could still ask for now (pending requests counted); 0 when the order takes no refunds',
    ),
    priceProtection: priceProtectionOfferSchema.optional().describe('GET /api/orders/{id} only'),
  })
  .meta({ id: 'OrderLine' });

export const subOrderSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    storeId: z.string(),
    storeName: z.string().nullable().describe('null when the store is gone, and on lifecycle answers'),
    status: z.enum(SUB_ORDER_STATUSES),
    subtotal: fen(),
    discount: fen(),
    total: fen(),
    merchantFunded: fen(),
    platformFunded: fen(),
    tracking: z.object({ carrier: z.string(), trackingNumber: z.string() }).nullable(),
    shippedAt: isoInstant().nullable(),
    deliveredAt: isoInstant().nullable(),
    completedAt: isoInstant().nullable(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
    lines: z.array(orderLineSchema),
  })
  .meta({ id: 'SubOrder', description: 'One store’s part of an order' });

export const orderEventSchema = z
  .object({
    subOrderId: z.string().nullable().describe('null for an event of the whole order'),
    from: z.string().nullable(),
    to: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string().nullable().describe('`system` for jobs (timeouts, auto-confirm)'),
    reason: z.string().nullable(),
    at: isoInstant(),
  })
  .meta({ id: 'OrderEvent' });

const paymentKind = z.enum(['full', 'deposit', 'balance']);
const paymentStatus = z.enum(['succeeded', 'failed']);

export const paymentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    kind: paymentKind,
    amount: fen(),
    currency: z.string(),
    provider: z.string(),
    providerRef: z.string().nullable(),
    status: paymentStatus,
    createdAt: isoInstant(),
  })
  .meta({ id: 'Payment', description: 'A payment of an order from the wallet' });

export const orderPaymentSchema = z
  .object({
    id: z.string(),
    kind: paymentKind,
    amount: fen(),
    status: paymentStatus,
    provider: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'OrderPayment', description: 'A payment attempt as the order detail lists it' });

export const orderSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    campaignId: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency: z.string(),
    subtotal: fen(),
    discount: fen(),
    total: fen(),
    merchantFunded: fen(),
    platformFunded: fen(),
    allowanceUsed: fen().describe('购物津贴 spent on the order'),
    presale: z
      .object({
        depositTotal: fen(),
        balanceTotal: fen(),
        balanceDueFrom: isoInstant().nullable().describe('The balance (尾款) is paid inside [from, until)'),
        balanceDueUntil: isoInstant().nullable(),
        depositRule: z
          .enum(['forfeit', 'refund'])
          .describe('What happens to the deposit if the balance is late'),
      })
      .nullable()
      .describe('Pre-sale orders only'),
    amountPaid: fen(),
    amountDue: fen().describe('The next payment: deposit, balance or total; 0 when nothing is due'),
    payBy: isoInstant(),
    paidAt: isoInstant().nullable(),
    closedAt: isoInstant().nullable(),
    closeReason: z.string().nullable(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
    shippingAddress: shippingAddressSchema
      .nullable()
      .describe('The address picked at checkout, as it was then'),
    subOrders: z.array(subOrderSchema),
    events: z.array(orderEventSchema).optional().describe('Single-order answers only'),
    payments: z.array(orderPaymentSchema).optional().describe('GET /api/orders/{id} only, oldest first'),
  })
  .meta({
    id: 'Order',
    description: 'An order: one per checkout, with one sub-order per store',
    examples: [
      {
        id: 'ord_01',
        customerId: 'usr_01',
        campaignId: 'cmp_double11',
        status: 'paid',
        currency: 'CNY',
        subtotal: 29900,
        discount: 3000,
        total: 26900,
        merchantFunded: 2000,
        platformFunded: 1000,
        allowanceUsed: 0,
        presale: null,
        amountPaid: 26900,
        amountDue: 0,
        payBy: '2026-11-11T00:15:00.000Z',
        paidAt: '2026-11-11T00:01:00.000Z',
        closedAt: null,
        closeReason: null,
        createdAt: '2026-11-11T00:00:00.000Z',
        updatedAt: '2026-11-11T00:01:00.000Z',
        shippingAddress: null,
        subOrders: [
          {
            id: 'sub_01',
            orderId: 'ord_01',
            storeId: 'sto_01',
            storeName: '旗舰店',
            status: 'paid',
            subtotal: 29900,
            discount: 3000,
            total: 26900,
            merchantFunded: 2000,
            platformFunded: 1000,
            tracking: null,
            shippedAt: null,
            deliveredAt: null,
            completedAt: null,
            createdAt: '2026-11-11T00:00:00.000Z',
            updatedAt: '2026-11-11T00:01:00.000Z',
            lines: [
              {
                id: 'lin_01',
                subOrderId: 'sub_01',
                storeId: 'sto_01',
                skuId: 'sku_01',
                nominationId: 'nom_01',
                title: '羽绒服',
                attributes: { 颜色: '黑色', 尺码: 'L' },
                listPrice: 29900,
                unitPrice: 27900,
                quantity: 1,
                subtotal: 29900,
                discount: 3000,
                total: 26900,
                merchantFunded: 2000,
                platformFunded: 1000,
                deposit: null,
                balance: null,
                adjustments: [
                  { promotion: 'campaign_price.sku_01', layer: 'item', amount: 2000, fundedBy: 'merchant' },
                  { promotion: 'cpn_01', layer: 'platform', amount: 1000, fundedBy: 'platform' },
                ],
                refundedAmount: 0,
                refundedQuantity: 0,
                priceProtected: 0,
                refundable: 26900,
              },
            ],
          },
        ],
      },
    ],
  });

const hint = z.object({
  promotion: z.string(),
  nextThreshold: fen(),
  shortBy: fen(),
  extraOff: fen(),
});

export const cartItemSchema = z
  .object({
    lineId: z.string(),
    skuId: z.string(),
    title: z.string(),
    attributes: attributes(),
    store: z.object({ id: z.string(), name: z.string() }),
    quantity: z.number().int(),
    listPrice: fen(),
    campaignPrice: fen(),
    subtotal: fen(),
    discount: fen(),
    total: fen(),
    deposit: fen().optional().describe('Pre-sale lines only'),
    balance: fen().optional().describe('Pre-sale lines only'),
    adjustments: z.array(fundedAdjustmentSchema),
    campaignStockLeft: z
      .number()
      .int()
      .nullable()
      .describe('Campaign units left to sell (not a reservation)'),
  })
  .meta({ id: 'CartItem' });

export const cartSchema = z
  .object({
    campaignId: z.string(),
    currency: z.string(),
    items: z.array(cartItemSchema),
    unavailable: z
      .array(z.object({ skuId: z.string(), quantity: z.number().int(), reason: z.literal('NOT_IN_VENUE') }))
      .describe('Lines whose SKU is no longer on sale in the campaign; they are not priced'),
    subtotal: fen(),
    discount: fen(),
    total: fen(),
    applied: z.array(z.object({ promotion: z.string(), layer, amount: fen() })),
    notApplied: z.array(
      z.object({
        promotion: z.string(),
        reason: z.enum([
          'LAYER_NOT_ACTIVE',
          'NOT_STARTED',
          'EXPIRED',
          'NOT_HELD',
          'NOT_ELIGIBLE',
          'BALANCE_EXHAUSTED',
          'THRESHOLD_NOT_MET',
          'NO_DISCOUNT',
        ]),
        shortBy: fen().optional(),
      }),
    ),
    hints: z.array(hint).describe('凑单: add `shortBy` more to save `extraOff` more'),
    near: z.array(
      hint.extend({
        layer: layer.nullable(),
        type: z.string().nullable(),
        message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
      }),
    ),
    coupons: z.array(z.string()).describe('The coupons held that the price used'),
    allowanceBalance: fen(),
    depositTotal: fen().nullable().describe('Pre-sale carts: the deposit due at checkout'),
  })
  .meta({ id: 'Cart', description: 'Your cart in a campaign, priced as the venue prices it' });

const page = { total: z.number().int(), limit: z.number().int(), offset: z.number().int() };

export const cartAnswer = z.object({ cart: cartSchema });
export const orderAnswer = z.object({ order: orderSchema });
export const paymentAnswer = z.object({
  order: orderSchema,
  payment: paymentSchema.nullable().describe('null when nothing was due'),
});
export const orderPageSchema = z.object({ items: z.array(orderSchema), ...page }).meta({ id: 'OrderPage' });
export const subOrderPageSchema = z
  .object({ items: z.array(subOrderSchema), ...page })
  .meta({ id: 'SubOrderPage' });
export const subOrderAnswer = z.object({ subOrder: subOrderSchema });

type _Order = SameType<z.infer<typeof orderSchema>, Order>;
type _SubOrder = SameType<z.infer<typeof subOrderSchema>, SubOrder>;
type _OrderLine = SameType<z.infer<typeof orderLineSchema>, OrderLine>;
type _OrderEvent = SameType<z.infer<typeof orderEventSchema>, OrderEvent>;
type _OrderPayment = SameType<z.infer<typeof orderPaymentSchema>, OrderPayment>;
type _Payment = SameType<z.infer<typeof paymentSchema>, Payment>;
type _PriceProtectionOffer = SameType<z.infer<typeof priceProtectionOfferSchema>, PriceProtectionOffer>;
type _CartView = SameType<z.infer<typeof cartSchema>, CartView>;

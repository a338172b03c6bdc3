/** The orders module's public surface: cart, checkout, payment, lifecycle, jobs. */

export { afterSaleRoutes, createAfterSale } from './after-sale-routes';
export { quoteCart, redemptionOf } from './cart';
export { releaseLines } from './checkout';
export { DEFAULT_FUNDER, type FundedAdjustment, type Funder, splitByStore } from './funding';
export { DEFAULT_HOLDING_CAPS, type HoldingCaps } from './holding-caps';
export { type OrderJobs, type SweepResult, startOrderJobs } from './jobs';
export type * from './model';
export { balanceWindow } from './order-drafts';
export { ORDER_PAYMENT, postOrderPayment } from './payment';
export {
  DEFAULT_PRICE_PROTECTION_DAYS,
  type PriceProtectionClaim,
  type PriceProtectionService,
} from './price-protection';
export { type Refund, type RefundsService, refundPartsFor } from './refunds';
export { cartSchema, orderAnswer, orderSchema, subOrderSchema } from './responses';
export { ordersRoutes } from './routes';
export { type OrderScope, orderScope, subOrderScope } from './scopes';
export { createOrdersService, type OrdersDeps, type OrdersService } from './service';
export { computeSettlements, type Settlement, type SettlementService } from './settlement';
export { campaignSettlementsSchema, settlementSchema, settlementTotalsSchema } from './settlement-responses';
export type { OrderTables } from './tables';

/** The orders module's public surface: cart, checkout, payment, lifecycle, jobs. */
export { quoteCart, redemptionOf } from './cart';
export { balanceWindow } from './checkout';
export { DEFAULT_FUNDER, type FundedAdjustment, type Funder, splitByStore } from './funding';
export { type OrderJobs, type SweepResult, startOrderJobs } from './jobs';
export type * from './model';
export { ORDER_PAYMENT, postOrderPayment } from './payment';
export { ordersRoutes } from './routes';
export { createOrdersService, type OrdersDeps, type OrdersService } from './service';
export type { OrderTables } from './tables';

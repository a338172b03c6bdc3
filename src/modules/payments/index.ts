/** The payments module's public surface. */
export { type DemoCreditResult, grantDemoCredit } from './demo-credit';
export type {
  CreateChargeRequest,
  CreatedCharge,
  GatewayNotification,
  GatewayRefundRequest,
  GatewayRefundResult,
  HostedPaymentGateway,
  IncomingNotification,
} from './gateway';
export { httpDelivery, startPaymentJobs } from './jobs';
export {
  DEMO_CREDIT,
  MAX_DEMO_CREDIT_TOTAL,
  MAX_TOP_UP,
  MAX_TOP_UP_PER_DAY,
  TOP_UP_CREDIT,
  TOP_UP_REFUND,
  type TopUp,
  type TopUpStatus,
} from './model';
export { paymentsRoutes } from './routes';
export { createSandboxGateway, type NotificationDelivery, type SandboxGateway } from './sandbox/gateway';
export { sandboxGatewayRoutes } from './sandbox/routes';
export { SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER } from './sandbox/signature';
export { createPayments, type Payments, type PaymentsDeps } from './service-factory';
export type { PaymentTables } from './tables';

/**
 * Paths another site posts to (the sandbox's hosted form, gateways' server-to-server
 * notifications): the CSRF rule must let them through. Each protects itself: a one-time token
 * in the hosted form, an HMAC signature on a notification.
 */
/** Where payment gateways post their signed notifications (server to server). */
export const GATEWAY_NOTIFY_PREFIX = '/api/payments/notify/';
export const CSRF_EXEMPT_PREFIXES = ['/sandbox-gateway/', GATEWAY_NOTIFY_PREFIX] as const;

import { api } from './client';

/**
 * Cart, checkout, orders and after-sale endpoints (server: src/modules/orders). Every amount is
 * integer fen; every POST that moves money or stock takes the caller's Idempotency-Key.
 */

export type Funder = 'merchant' | 'platform';
export type Layer = 'item' | 'store' | 'cross_store' | 'platform';

export interface Adjustment {
  promotion: string;
  layer: Layer;
  amount: number;
  fundedBy: Funder;
}

export interface Hint {
  promotion: string;
  nextThreshold: number;
  shortBy: number;
  extraOff: number;
}

export interface NearPromotion extends Hint {
  layer: Layer | null;
  type: string | null;
  message: { 'zh-CN': string; 'en-US': string };
}

export interface CartItem {
  lineId: string;
  skuId: string;
  title: string;
  attributes: Record<string, string>;
  store: { id: string; name: string };
  quantity: number;
  listPrice: number;
  campaignPrice: number;
  subtotal: number;
  discount: number;
  total: number;
  deposit?: number;
  balance?: number;
  adjustments: Adjustment[];
  campaignStockLeft: number | null;
}

export interface Cart {
  campaignId: string;
  currency: string;
  items: CartItem[];
  unavailable: { skuId: string; quantity: number; reason: 'NOT_IN_VENUE' }[];
  subtotal: number;
  discount: number;
  total: number;
  applied: { promotion: string; layer: Layer; amount: number }[];
  notApplied: { promotion: string; reason: string; shortBy?: number }[];
  hints: Hint[];
  near: NearPromotion[];
  coupons: string[];
  allowanceBalance: number;
  depositTotal: number | null;
}

export const ORDER_STATUSES = ['created', 'deposit_paid', 'paid', 'closed', 'completed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
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
export type SubOrderStatus = (typeof SUB_ORDER_STATUSES)[number];

export interface OrderLine {
  id: string;
  subOrderId: string;
  storeId: string;
  skuId: string;
  nominationId: string | null;
  title: string;
  /** The SKU's attributes (颜色, 尺码...). */
  attributes: Record<string, string>;
  listPrice: number;
  unitPrice: number;
  quantity: number;
  subtotal: number;
  discount: number;
  total: number;
  merchantFunded: number;
  platformFunded: number;
  deposit: number | null;
  balance: number | null;
  adjustments: Adjustment[];
  refundedAmount: number;
  refundedQuantity: number;
  /** 价保 paid on the line. */
  priceProtected: number;
  /** What a refund request could still ask for now (pending requests counted; 0 when not refundable). */
  refundable: number;
  /** Order detail only: whether 价保 would be paid now, and how much. */
  priceProtection?: PriceProtectionOffer;
}

export interface PriceProtectionOffer {
  eligible: boolean;
  reason?: 'WINDOW_OVER' | 'NO_PRICE_DROP' | 'ALREADY_CLAIMED' | 'NOTHING_TO_PROTECT';
  currentUnitPrice?: number;
  amount?: number;
  until?: string;
}

export interface SubOrder {
  id: string;
  orderId: string;
  storeId: string;
  storeName: string | null;
  status: SubOrderStatus;
  subtotal: number;
  discount: number;
  total: number;
  merchantFunded: number;
  platformFunded: number;
  tracking: { carrier: string; trackingNumber: string } | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  lines: OrderLine[];
}

export interface OrderEvent {
  subOrderId: string | null;
  from: string | null;
  to: string;
  actorId: string | null;
  actorRole: string | null;
  reason: string | null;
  at: string;
}

export interface Presale {
  depositTotal: number;
  balanceTotal: number;
  balanceDueFrom: string | null;
  balanceDueUntil: string | null;
  depositRule: 'forfeit' | 'refund';
}

export interface Order {
  id: string;
  customerId: string;
  campaignId: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  merchantFunded: number;
  platformFunded: number;
  allowanceUsed: number;
  presale: Presale | null;
  amountPaid: number;
  amountDue: number;
  payBy: string;
  paidAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  createdAt: string;
  updatedAt: string;
  subOrders: SubOrder[];
  events?: OrderEvent[];
  /** Order detail only. */
  payments?: Pick<Payment, 'id' | 'kind' | 'amount' | 'status' | 'provider' | 'createdAt'>[];
}

export interface Payment {
  id: string;
  orderId: string;
  kind: 'full' | 'deposit' | 'balance';
  amount: number;
  currency: string;
  provider: string;
  providerRef: string | null;
  status: 'succeeded' | 'failed';
  createdAt: string;
}

export type RefundStatus = 'requested' | 'approved' | 'rejected';

export interface Refund {
  id: string;
  orderId: string;
  subOrderId: string;
  lineId: string;
  storeId: string;
  customerId: string;
  quantity: number;
  amount: number;
  merchantPart: number;
  platformPart: number;
  status: RefundStatus;
  reason: string;
  decisionReason: string | null;
  decidedBy: string | null;
  ledgerTxnId: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** A refund as store staff list it: with its line and store name. */
export interface StoreRefund extends Refund {
  storeName: string | null;
  line: { title: string; skuId: string; attributes: Record<string, string>; quantity: number };
}

/** What a refund request would be now (POST /api/orders/:id/refunds/quote). */
export interface RefundQuote {
  orderId: string;
  lineId: string;
  quantity: number;
  amount: number;
  merchantPart: number;
  platformPart: number;
  currency: string;
  left: { quantity: number; amount: number };
  leftAfter: { quantity: number; amount: number };
  pending: { quantity: number; amount: number };
}

export interface PriceProtectionClaim {
  id: string;
  orderId: string;
  lineId: string;
  paidUnitPrice: number;
  currentUnitPrice: number;
  quantity: number;
  amount: number;
  createdAt: string;
}

export interface Settlement {
  campaignId: string;
  storeId: string;
  currency: string;
  orders: number;
  gross: number;
  merchantFunded: number;
  platformFunded: number;
  paid: number;
  sales: number;
  refunds: { count: number; amount: number; merchantPart: number; platformPart: number };
  priceProtection: { count: number; amount: number };
  forfeitedDeposits: number;
  /** Charity items' donations (公益宝贝), out of the store's payable. */
  donations: { count: number; amount: number };
  netPayable: number;
  ledger: { merchantPayable: number };
  tiesOut: boolean;
}

export interface SettlementTotals {
  gross: number;
  merchantFunded: number;
  platformFunded: number;
  paid: number;
  sales: number;
  refunds: number;
  refundsMerchantPart: number;
  refundsPlatformPart: number;
  priceProtection: number;
  forfeitedDeposits: number;
  donations: number;
  netPayable: number;
  ledgerMerchantPayable: number;
}

export interface MerchantSettlements {
  campaignId: string;
  /** Only when one store was asked for. */
  settlement?: Settlement;
  items: Settlement[];
  totals: SettlementTotals;
  tiesOut: boolean;
}

/** A campaign the merchant's stores sold in or were approved for. */
export interface MerchantCampaign {
  id: string;
  slug: string;
  title: Record<string, string>;
  status: string;
  startsAt: string;
  endsAt: string;
  orders: number;
  nominated: boolean;
}

export type RefundRequest = { lineId: string; reason: string } & (
  | { quantity?: number; amount?: undefined }
  | { amount: number; quantity?: undefined }
);

interface Paged<T> {
  items: T[];
  total: number;
}

const enc = encodeURIComponent;

export const cartApi = {
  get: (campaignId: string) => api.get<{ cart: Cart }>('/api/cart', { campaignId }).then((r) => r.cart),
  /** Sets a line's quantity; 0 removes it. */
  setItem: (campaignId: string, skuId: string, quantity: number) =>
    api.put<{ cart: Cart }>('/api/cart/items', { campaignId, skuId, quantity }).then((r) => r.cart),
  clear: (campaignId: string) => api.delete<void>('/api/cart', { campaignId }),
};

export const ordersApi = {
  checkout: (key: string, campaignId: string, expectedTotal: number) =>
    api
      .postIdempotent<{ order: Order }>('/api/checkout', key, { campaignId, expectedTotal })
      .then((r) => r.order),
  pay: (key: string, orderId: string) =>
    api.postIdempotent<{ order: Order; payment: Payment }>(`/api/orders/${enc(orderId)}/pay`, key),
  cancel: (key: string, orderId: string) =>
    api.postIdempotent<{ order: Order }>(`/api/orders/${enc(orderId)}/cancel`, key).then((r) => r.order),
  list: (query: { status?: OrderStatus; campaignId?: string; limit?: number; offset?: number } = {}) =>
    api.get<Paged<Order>>('/api/orders', query),
  get: (orderId: string) => api.get<{ order: Order }>(`/api/orders/${enc(orderId)}`).then((r) => r.order),
  confirm: (subOrderId: string) =>
    api.post<{ subOrder: SubOrder }>(`/api/sub-orders/${enc(subOrderId)}/confirm`).then((r) => r.subOrder),
  refunds: (orderId: string) =>
    api.get<{ items: Refund[] }>(`/api/orders/${enc(orderId)}/refunds`).then((r) => r.items),
  /** What a refund request would be now; changes nothing (no Idempotency-Key). */
  quoteRefund: (orderId: string, input: { lineId: string; quantity?: number; amount?: number }) =>
    api.post<{ quote: RefundQuote }>(`/api/orders/${enc(orderId)}/refunds/quote`, input).then((r) => r.quote),
  requestRefund: (key: string, orderId: string, input: RefundRequest) =>
    api
      .postIdempotent<{ refund: Refund }>(`/api/orders/${enc(orderId)}/refunds`, key, input)
      .then((r) => r.refund),
  cancelPaid: (key: string, subOrderId: string, reason: string) =>
    api.postIdempotent<{ subOrder: { id: string; status: string }; refunds: Refund[] }>(
      `/api/sub-orders/${enc(subOrderId)}/cancel-paid`,
      key,
      { reason },
    ),
  claimPriceProtection: (key: string, orderId: string, lineId: string) =>
    api
      .postIdempotent<{ claim: PriceProtectionClaim }>(
        `/api/orders/${enc(orderId)}/lines/${enc(lineId)}/price-protection`,
        key,
      )
      .then((r) => r.claim),
  afterSale: (campaignId: string) =>
    api
      .get<{ afterSale: { priceProtectionDays: number } }>(`/api/campaigns/${enc(campaignId)}/after-sale`)
      .then((r) => r.afterSale),
};

export const merchantOrdersApi = {
  list: (query: { storeId?: string; status?: SubOrderStatus; limit?: number; offset?: number }) =>
    api.get<Paged<SubOrder>>('/api/merchant/orders', query),
  ship: (subOrderId: string, carrier: string, trackingNumber: string) =>
    api
      .post<{ subOrder: SubOrder }>(`/api/sub-orders/${enc(subOrderId)}/ship`, { carrier, trackingNumber })
      .then((r) => r.subOrder),
  deliver: (subOrderId: string) =>
    api.post<{ subOrder: SubOrder }>(`/api/sub-orders/${enc(subOrderId)}/deliver`).then((r) => r.subOrder),
  /** Without storeId: every store you are a member of. */
  refunds: (storeId?: string, status?: RefundStatus) =>
    api.get<{ items: StoreRefund[] }>('/api/merchant/refunds', { storeId, status }).then((r) => r.items),
  approve: (key: string, refundId: string) =>
    api
      .postIdempotent<{ refund: Refund }>(`/api/refunds/${enc(refundId)}/approve`, key)
      .then((r) => r.refund),
  reject: (refundId: string, reason: string) =>
    api.post<{ refund: Refund }>(`/api/refunds/${enc(refundId)}/reject`, { reason }).then((r) => r.refund),
  /** Without storeId: every store you are a member of, with totals. */
  settlements: (campaignId: string, storeId?: string) =>
    api.get<MerchantSettlements>('/api/merchant/settlements', { campaignId, storeId }),
  /** Campaigns in which your stores have orders or approved nominations. */
  campaigns: () => api.get<{ items: MerchantCampaign[] }>('/api/merchant/campaigns').then((r) => r.items),
};

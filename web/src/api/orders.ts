import { call, carnival, idempotent, type Schemas } from './typed';

/**
 * Cart, checkout, orders and after-sale endpoints (server: src/modules/orders), through the
 * generated client: the types are the server's own (`Schemas[...]`), aliased here so pages keep
 * their names. Every amount is integer fen; every POST that moves money or stock takes the
 * caller's Idempotency-Key.
 */

export type Cart = Schemas['Cart'];
export type CartItem = Schemas['CartItem'];
export type Adjustment = Schemas['FundedAdjustment'];
export type Funder = Adjustment['fundedBy'];
export type Layer = Adjustment['layer'];
export type Hint = Cart['hints'][number];
export type NearPromotion = Cart['near'][number];

export type Order = Schemas['Order'];
export type SubOrder = Schemas['SubOrder'];
export type OrderLine = Schemas['OrderLine'];
export type OrderEvent = Schemas['OrderEvent'];
export type Presale = NonNullable<Order['presale']>;
export type Payment = Schemas['Payment'];
export type PriceProtectionOffer = Schemas['PriceProtectionOffer'];
export type OrderStatus = Order['status'];
export type SubOrderStatus = SubOrder['status'];

export type Refund = Schemas['Refund'];
export type RefundStatus = Refund['status'];
export type StoreRefund = Schemas['StoreRefund'];
export type RefundQuote = Schemas['RefundQuote'];
export type PriceProtectionClaim = Schemas['PriceProtectionClaim'];
export type Settlement = Schemas['MerchantSettlement'];
export type SettlementTotals = Schemas['MerchantSettlementTotals'];
export type MerchantSettlements = Schemas['MerchantSettlements'];
export type MerchantCampaign = Schemas['MerchantCampaign'];

/** The filters' choices, in the order the pages list them. */
export const ORDER_STATUSES = [
  'created',
  'deposit_paid',
  'paid',
  'closed',
  'completed',
] as const satisfies readonly OrderStatus[];
export const SUB_ORDER_STATUSES = [
  'created',
  'deposit_paid',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'closed',
] as const satisfies readonly SubOrderStatus[];

/** A refund asks for units or an agreed amount, never both. */
export type RefundRequest = { lineId: string; reason: string } & (
  | { quantity?: number; amount?: undefined }
  | { amount: number; quantity?: undefined }
);

const path = <T extends Record<string, string>>(p: T) => ({ params: { path: p } });

export const cartApi = {
  get: (campaignId: string) =>
    call(carnival.GET('/api/cart', { params: { query: { campaignId } } })).then((r) => r.cart),
  /** Sets a line's quantity; 0 removes it. */
  setItem: (campaignId: string, skuId: string, quantity: number) =>
    call(carnival.PUT('/api/cart/items', { body: { campaignId, skuId, quantity } })).then((r) => r.cart),
  clear: async (campaignId: string): Promise<void> => {
    await call(carnival.DELETE('/api/cart', { params: { query: { campaignId } } }));
  },
};

export const ordersApi = {
  /** `addressId`: one of the customer's saved addresses, which the order keeps a copy of. */
  /**
   * `addressId`: one of the customer's saved addresses, which the order keeps a copy of;
   * `greenChoices`: the shopper's green choices (they earn green points).
   */
  checkout: (
    key: string,
    campaignId: string,
    expectedTotal: number,
    options: { addressId?: string; greenChoices?: ('no-extra-packaging' | 'paperless-invoice')[] } = {},
  ) =>
    call(
      carnival.POST('/api/checkout', {
        body: {
          campaignId,
          expectedTotal,
          ...(options.addressId ? { addressId: options.addressId } : {}),
          ...(options.greenChoices?.length ? { greenChoices: options.greenChoices } : {}),
        },
        headers: idempotent(key),
      }),
    ).then((r) => r.order),
  pay: (key: string, orderId: string) =>
    call(carnival.POST('/api/orders/{id}/pay', { ...path({ id: orderId }), headers: idempotent(key) })),
  cancel: (key: string, orderId: string) =>
    call(
      carnival.POST('/api/orders/{id}/cancel', { ...path({ id: orderId }), headers: idempotent(key) }),
    ).then((r) => r.order),
  list: (query: { status?: OrderStatus; campaignId?: string; limit?: number; offset?: number } = {}) =>
    call(carnival.GET('/api/orders', { params: { query } })),
  get: (orderId: string) =>
    call(carnival.GET('/api/orders/{id}', path({ id: orderId }))).then((r) => r.order),
  confirm: (subOrderId: string) =>
    call(carnival.POST('/api/sub-orders/{id}/confirm', path({ id: subOrderId }))).then((r) => r.subOrder),
  refunds: (orderId: string) =>
    call(carnival.GET('/api/orders/{id}/refunds', path({ id: orderId }))).then((r) => r.items),
  /** What a refund request would be now; changes nothing (no Idempotency-Key). */
  quoteRefund: (orderId: string, input: { lineId: string; quantity?: number; amount?: number }) =>
    call(carnival.POST('/api/orders/{id}/refunds/quote', { ...path({ id: orderId }), body: input })).then(
      (r) => r.quote,
    ),
  requestRefund: (key: string, orderId: string, input: RefundRequest) =>
    call(
      carnival.POST('/api/orders/{id}/refunds', {
        ...path({ id: orderId }),
        body: input,
        headers: idempotent(key),
      }),
    ).then((r) => r.refund),
  cancelPaid: (key: string, subOrderId: string, reason: string) =>
    call(
      carnival.POST('/api/sub-orders/{id}/cancel-paid', {
        ...path({ id: subOrderId }),
        body: { reason },
        headers: idempotent(key),
      }),
    ),
  claimPriceProtection: (key: string, orderId: string, lineId: string) =>
    call(
      carnival.POST('/api/orders/{id}/lines/{lineId}/price-protection', {
        ...path({ id: orderId, lineId }),
        headers: idempotent(key),
      }),
    ).then((r) => r.claim),
  afterSale: (campaignId: string) =>
    call(carnival.GET('/api/campaigns/{id}/after-sale', { params: { path: { id: campaignId } } })).then(
      (r) => r.afterSale,
    ),
};

export const merchantOrdersApi = {
  list: (query: { storeId?: string; status?: SubOrderStatus; limit?: number; offset?: number }) =>
    call(carnival.GET('/api/merchant/orders', { params: { query } })),
  ship: (subOrderId: string, carrier: string, trackingNumber: string) =>
    call(
      carnival.POST('/api/sub-orders/{id}/ship', {
        ...path({ id: subOrderId }),
        body: { carrier, trackingNumber },
      }),
    ).then((r) => r.subOrder),
  deliver: (subOrderId: string) =>
    call(carnival.POST('/api/sub-orders/{id}/deliver', path({ id: subOrderId }))).then((r) => r.subOrder),
  /** Without storeId: every store you are a member of. */
  refunds: (storeId?: string, status?: RefundStatus) =>
    call(carnival.GET('/api/merchant/refunds', { params: { query: { storeId, status } } })).then(
      (r) => r.items,
    ),
  approve: (key: string, refundId: string) =>
    call(
      carnival.POST('/api/refunds/{id}/approve', { ...path({ id: refundId }), headers: idempotent(key) }),
    ).then((r) => r.refund),
  reject: (refundId: string, reason: string) =>
    call(carnival.POST('/api/refunds/{id}/reject', { ...path({ id: refundId }), body: { reason } })).then(
      (r) => r.refund,
    ),
  /** Without storeId: every store you are a member of, with totals. */
  settlements: (campaignId: string, storeId?: string) =>
    call(carnival.GET('/api/merchant/settlements', { params: { query: { campaignId, storeId } } })),
  /** Campaigns in which your stores have orders or approved nominations. */
  campaigns: () => call(carnival.GET('/api/merchant/campaigns')).then((r) => r.items),
};

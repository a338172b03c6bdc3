import type { ShippingAddress } from '../addresses';
import type { Hint, LayerName, NotApplied, PricedCart } from '../pricing';
import type { FundedAdjustment } from './funding';
import type { OrderStatus, SubOrderStatus } from './tables';

/** Orders as the API and the other modules see them. Amounts are integer minor units (fen). */
export type { OrderStatus, SubOrderStatus };

export interface OrderLine {
  id: string;
  subOrderId: string;
  storeId: string;
  skuId: string;
  nominationId: string | null;
  title: string;
  /** The SKU's attributes (颜色, 尺码...), read from the catalog; {} when the SKU is gone. */
  attributes: Record<string, string>;
  /** The SKU's list price per unit when ordered. */
  listPrice: number;
  /** The campaign price per unit (before group discounts). */
  unitPrice: number;
  quantity: number;
  /** listPrice × quantity. */
  subtotal: number;
  /** Every discount apportioned to the line, the campaign price included. */
  discount: number;
  total: number;
  merchantFunded: number;
  platformFunded: number;
  /** Pre-sale lines only. */
  deposit: number | null;
  balance: number | null;
  adjustments: FundedAdjustment[];
  refundedAmount: number;
  refundedQuantity: number;
  /** 价保 paid on the line (0 or one claim). */
  priceProtected: number;
  /**
   * What a refund request could still ask for now: what the line paid, less refunds, price
   * protection and requests still pending; 0 when the order or sub-order takes no refunds.
   */
  refundable: number;
  /** GET /api/orders/:id only: whether 价保 can be claimed now, and how much. */
  priceProtection?: PriceProtectionOffer;
}

/** Whether a line's 价保 claim would be paid now, computed from the claim's own rules. */
export interface PriceProtectionOffer {
  eligible: boolean;
  /** Why not (absent when eligible, and when the order is not paid). */
  reason?: 'WINDOW_OVER' | 'NO_PRICE_DROP' | 'ALREADY_CLAIMED' | 'NOTHING_TO_PROTECT';
  /** The SKU's campaign price now, when it is still on sale in the campaign. */
  currentUnitPrice?: number;
  /** What a claim would pay now (eligible only). */
  amount?: number;
  /** The end of the window. */
  until?: string;
}

export interface SubOrder {
  id: string;
  orderId: string;
  storeId: string;
  /** The store's name, read from the merchants module (null when the store is gone). */
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
  /** The balance (尾款) is paid inside [balanceDueFrom, balanceDueUntil). */
  balanceDueFrom: string | null;
  balanceDueUntil: string | null;
  /** What happens to the deposit if the balance is not paid in time. */
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
  /** What the next payment is: the deposit, the balance or the whole total; 0 when nothing is due. */
  amountDue: number;
  payBy: string;
  paidAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** The address picked at checkout, as it was then; null when none was picked. */
  shippingAddress: ShippingAddress | null;
  subOrders: SubOrder[];
  events?: OrderEvent[];
  /** GET /api/orders/:id only: every payment attempt, oldest first. */
  payments?: OrderPayment[];
}

export type OrderPayment = Pick<Payment, 'id' | 'kind' | 'amount' | 'status' | 'provider' | 'createdAt'>;

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

/** A 凑单 hint made readable: add `shortBy` to save `extraOff` more. */
export interface NearPromotion extends Hint {
  layer: LayerName | null;
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
  adjustments: FundedAdjustment[];
  /** Campaign units left to sell (not a reservation). */
  campaignStockLeft: number | null;
}

export interface CartView {
  campaignId: string;
  currency: string;
  items: CartItem[];
  /** Lines whose SKU is no longer on sale in the campaign; they are not priced. */
  unavailable: { skuId: string; quantity: number; reason: 'NOT_IN_VENUE' }[];
  subtotal: number;
  discount: number;
  total: number;
  applied: PricedCart['applied'];
  notApplied: NotApplied[];
  hints: Hint[];
  near: NearPromotion[];
  /** What the price used: the coupons held and the allowance balance. */
  coupons: string[];
  allowanceBalance: number;
  /** Pre-sale carts: the deposit due at checkout. */
  depositTotal: number | null;
}

/** Test seams: each runs inside the checkout transaction; throwing simulates a crash there. */
export interface CheckoutHooks {
  afterOrderInsert?: (orderId: string) => void | Promise<void>;
  afterRedeem?: (orderId: string) => void | Promise<void>;
  afterStockReserved?: (orderId: string) => void | Promise<void>;
  afterCharge?: (orderId: string) => void | Promise<void>;
}

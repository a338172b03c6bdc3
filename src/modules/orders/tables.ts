import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';
import type { ShippingAddress } from '../addresses';
import type { FundedAdjustment } from './funding';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type OrderStatus = 'created' | 'deposit_paid' | 'paid' | 'closed' | 'completed';
export type SubOrderStatus =
  | 'created'
  | 'deposit_paid'
  | 'paid'
  | 'shipped'
  | 'delivered'
  | 'completed'
  | 'cancelled'
  | 'closed';

export interface CartItemsTable {
  customer_id: string;
  campaign_id: string;
  sku_id: string;
  quantity: number;
  added_at: Timestamp;
}

export interface OrdersTable {
  id: string;
  customer_id: string;
  campaign_id: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  merchant_funded: number;
  platform_funded: number;
  allowance_used: Defaulted<number>;
  deposit_total: Defaulted<number>;
  balance_total: Defaulted<number>;
  balance_due_from: Timestamp | null;
  balance_due_until: Timestamp | null;
  deposit_rule: Defaulted<'forfeit' | 'refund'>;
  amount_paid: Defaulted<number>;
  pay_by: Timestamp;
  paid_at: Timestamp | null;
  closed_at: Timestamp | null;
  close_reason: string | null;
  /** The priced cart as quoted at checkout (applied, notApplied, hints), for support and audits. */
  pricing: Json;
  /** Issue 9: the copy of the address picked at checkout (null: none picked). */
  shipping_address: Json<ShippingAddress | null>;
  /** Its province's name ('浙江省'), for the screen's per-province figures. */
  shipping_province: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SubOrdersTable {
  id: string;
  order_id: string;
  store_id: string;
  status: SubOrderStatus;
  subtotal: number;
  discount: number;
  total: number;
  merchant_funded: number;
  platform_funded: number;
  tracking: Json | null;
  shipped_at: Timestamp | null;
  delivered_at: Timestamp | null;
  completed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  sub_order_id: string;
  store_id: string;
  sku_id: string;
  nomination_id: string | null;
  title: string;
  list_price: number;
  unit_price: number;
  quantity: number;
  subtotal: number;
  discount: number;
  total: number;
  merchant_funded: number;
  platform_funded: number;
  deposit: number | null;
  balance: number | null;
  adjustments: Json<FundedAdjustment[]>;
  refunded_amount: Defaulted<number>;
  refunded_quantity: Defaulted<number>;
  refunded_merchant: Defaulted<number>;
  refunded_platform: Defaulted<number>;
  price_protected: Defaulted<number>;
  /**
   * The flash-sale reservation this line was bought through (migration 0016); null for a line
   * from the cart. Its unit came out of the slot, so an unpaid close gives it back there.
   */
  flash_reservation_id: Defaulted<string | null>;
}

export interface OrderEventsTable {
  id: Generated<number>;
  order_id: string;
  sub_order_id: string | null;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  actor_role: string | null;
  reason: string | null;
  at: Timestamp;
}

export interface PaymentsTable {
  id: string;
  order_id: string;
  kind: 'full' | 'deposit' | 'balance';
  amount: number;
  currency: string;
  provider: string;
  provider_ref: string | null;
  status: 'succeeded' | 'failed';
  failure_code: string | null;
  created_at: Timestamp;
}

export interface RefundsTable {
  id: string;
  order_id: string;
  sub_order_id: string;
  line_id: string;
  store_id: string;
  customer_id: string;
  quantity: Defaulted<number>;
  amount: number;
  merchant_part: number;
  platform_part: number;
  status: 'requested' | 'approved' | 'rejected';
  reason: string;
  decision_reason: string | null;
  decided_by: string | null;
  ledger_txn_id: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface PriceProtectionClaimsTable {
  id: string;
  line_id: string;
  order_id: string;
  customer_id: string;
  store_id: string;
  paid_unit_price: number;
  current_unit_price: number;
  quantity: number;
  amount: number;
  ledger_txn_id: string;
  created_at: Timestamp;
}

export interface OrderTables {
  cart_items: CartItemsTable;
  orders: OrdersTable;
  sub_orders: SubOrdersTable;
  order_lines: OrderLinesTable;
  order_events: OrderEventsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  price_protection_claims: PriceProtectionClaimsTable;
}

import type { ColumnType } from 'kysely';
import type { Timestamp } from '../../platform/db/tables';
import type { TopUpStatus } from './model';

export interface TopUpsTable {
  id: string;
  customer_id: string;
  amount: number;
  currency: string;
  status: TopUpStatus;
  idempotency_key: string;
  gateway: string;
  charge_id: string | null;
  redirect_url: string | null;
  credit_txn_id: string | null;
  refund_txn_id: string | null;
  failure_code: string | null;
  /** The Asia/Shanghai day whose daily cap this top-up counts against (YYYY-MM-DD). */
  day: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TopUpDailyTable {
  customer_id: string;
  day: string;
  amount: number;
}

export interface DemoCreditsTable {
  customer_id: string;
  idempotency_key: string;
  amount: number;
  txn_id: string | null;
  created_at: Timestamp;
}

export interface DemoCreditTotalsTable {
  customer_id: string;
  total: number;
}

export interface SandboxChargesTable {
  id: string;
  reference: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'cancelled';
  refunded: ColumnType<number, number | undefined, number>;
  notify_url: string;
  return_url: string;
  page_token: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface SandboxRefundsTable {
  id: string;
  charge_id: string;
  idempotency_key: string;
  amount: number;
  created_at: Timestamp;
}

export interface SandboxNotificationsTable {
  id: string;
  charge_id: string;
  body: string;
  notify_url: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  delivered_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
}

export interface PaymentTables {
  top_ups: TopUpsTable;
  top_up_daily: TopUpDailyTable;
  demo_credits: DemoCreditsTable;
  demo_credit_totals: DemoCreditTotalsTable;
  sandbox_charges: SandboxChargesTable;
  sandbox_refunds: SandboxRefundsTable;
  sandbox_notifications: SandboxNotificationsTable;
}

/** Wallet top-ups through a hosted payment gateway, and demo credits. Amounts in fen. */

export type TopUpStatus = 'pending' | 'succeeded' | 'failed' | 'expired' | 'refunding' | 'refunded';

export interface TopUp {
  id: string;
  customerId: string;
  amount: number;
  currency: string;
  status: TopUpStatus;
  gateway: string;
  chargeId: string | null;
  /** Where to send the customer to pay (the gateway's hosted page). */
  redirectUrl: string | null;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
}

/** ¥50,000.00: the most one top-up may add. */
export const MAX_TOP_UP = 5_000_000;
/** ¥200,000.00: the most a customer may top up in a day (Asia/Shanghai), pending ones included. */
export const MAX_TOP_UP_PER_DAY = 20_000_000;
/** A pending top-up expires after this: 5 minutes after the sandbox page stops taking payment (30). */
export const TOP_UP_TTL_MS = 35 * 60 * 1000;
/** ¥2,000.00: the most demo credit a customer may ever receive (seeded credit included). */
export const MAX_DEMO_CREDIT_TOTAL = 200_000;

/** Ledger transaction kinds the payments module posts. */
export const TOP_UP_CREDIT = 'wallet.topup';
export const TOP_UP_REFUND = 'wallet.topup_refund';
export const DEMO_CREDIT = 'wallet.demo_credit';

/** The Asia/Shanghai calendar day of an instant (UTC+8, no daylight saving), as YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

import { api } from './client';

/** The wallet (src/modules/ledger) and what the customer holds of promotions (src/modules/promotions). */

export interface StatementLine {
  entryId: number;
  txnId: string;
  kind: string;
  reference: string;
  memo: string | null;
  amount: number;
  /** The change to the balance: + in, − out. */
  change: number;
  balanceAfter: number;
  createdAt: string;
}

export interface Wallet {
  wallet: { account: string; currency: string; balance: number };
  statement: { items: StatementLine[]; total: number; limit: number; offset: number };
}

/** A wallet top-up through the payment gateway (src/modules/payments). */
export interface TopUp {
  id: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed' | 'expired' | 'refunding' | 'refunded';
  chargeId: string | null;
  /** The gateway's hosted page to pay on. */
  redirectUrl: string | null;
  failureCode: string | null;
  createdAt: string;
}

export interface HeldCoupon {
  coupon: {
    id: string;
    campaignId: string | null;
    scope: 'platform' | 'store';
    storeId: string | null;
    promotion: {
      type: 'coupon' | 'percent_coupon';
      threshold?: number;
      off?: number;
      percent?: number;
      maxOff?: number;
    };
    claimEndsAt: string;
  };
  claimed: number;
  used: number;
  available: number;
}

export const walletApi = {
  get: (page: { limit?: number; offset?: number } = {}) => api.get<Wallet>('/api/wallet', page),
  /** Starts a top-up: the wallet is credited once the gateway confirms the payment. */
  topUp: (key: string, amount: number) =>
    api.postIdempotent<{ topUp: TopUp }>('/api/wallet/top-ups', key, { amount }),
  getTopUp: (id: string) => api.get<{ topUp: TopUp }>(`/api/wallet/top-ups/${encodeURIComponent(id)}`),
  coupons: () => api.get<{ items: HeldCoupon[] }>('/api/me/coupons').then((r) => r.items),
  allowance: (campaignId?: string) =>
    api
      .get<{ items: { campaignId: string; balance: number; grantedTotal: number }[] }>('/api/me/allowance', {
        campaignId,
      })
      .then((r) => r.items),
};

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
  topUp: (key: string, amount: number) =>
    api.postIdempotent<{ topUp: { txnId: string; amount: number }; balance: number; replayed: boolean }>(
      '/api/wallet/top-ups',
      key,
      { amount },
    ),
  coupons: () => api.get<{ items: HeldCoupon[] }>('/api/me/coupons').then((r) => r.items),
  allowance: (campaignId?: string) =>
    api
      .get<{ items: { campaignId: string; balance: number; grantedTotal: number }[] }>('/api/me/allowance', {
        campaignId,
      })
      .then((r) => r.items),
};

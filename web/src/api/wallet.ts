import { api } from './client';
import { call, carnival, idempotent, type Schemas } from './typed';

/** The wallet (src/modules/ledger) and what the customer holds of promotions (src/modules/promotions). */

export type StatementLine = Schemas['LedgerStatementLine'];
export type Wallet = Schemas['Wallet'];
/** A wallet top-up through the payment gateway (src/modules/payments). */
export type TopUp = Schemas['WalletTopUp'];

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
  get: (page: { limit?: number; offset?: number } = {}) =>
    call(carnival.GET('/api/wallet', { params: { query: page } })),
  /** Starts a top-up: the wallet is credited once the gateway confirms the payment. */
  topUp: (key: string, amount: number) =>
    call(carnival.POST('/api/wallet/top-ups', { body: { amount }, headers: idempotent(key) })),
  getTopUp: (id: string) => call(carnival.GET('/api/wallet/top-ups/{id}', { params: { path: { id } } })),
  coupons: () => api.get<{ items: HeldCoupon[] }>('/api/me/coupons').then((r) => r.items),
  allowance: (campaignId?: string) =>
    api
      .get<{ items: { campaignId: string; balance: number; grantedTotal: number }[] }>('/api/me/allowance', {
        campaignId,
      })
      .then((r) => r.items),
};

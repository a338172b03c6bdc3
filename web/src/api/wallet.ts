import { call, carnival, idempotent, type Schemas } from './typed';

/** The wallet (src/modules/ledger) and its top-ups (src/modules/payments); held coupons and 购物津贴 are in promotions.ts. */

export type StatementLine = Schemas['LedgerStatementLine'];
export type Wallet = Schemas['Wallet'];
/** A wallet top-up through the payment gateway (src/modules/payments). */
export type TopUp = Schemas['WalletTopUp'];

export const walletApi = {
  get: (page: { limit?: number; offset?: number } = {}) =>
    call(carnival.GET('/api/wallet', { params: { query: page } })),
  /** Starts a top-up: the wallet is credited once the gateway confirms the payment. */
  topUp: (key: string, amount: number) =>
    call(carnival.POST('/api/wallet/top-ups', { body: { amount }, headers: idempotent(key) })),
  getTopUp: (id: string) => call(carnival.GET('/api/wallet/top-ups/{id}', { params: { path: { id } } })),
};

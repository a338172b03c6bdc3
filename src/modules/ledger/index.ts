export {
  charityEscrow,
  customerWallet,
  DEFAULT_CURRENCY,
  externalFunding,
  merchantPayable,
  merchantPromotionExpense,
  organizerPayable,
  parseAccountCode,
  platformClearing,
  platformPromotionExpense,
  platformRevenue,
} from './accounts';
export { checkPosting, credit, debit } from './engine';
export type {
  Account,
  AccountSpec,
  AccountType,
  Entry,
  EntryInput,
  LedgerIssue,
  LedgerTransaction,
  OwnerType,
  PostingInput,
  PostResult,
  ReverseInput,
  Statement,
  StatementLine,
  TrialBalance,
} from './model';
export { ACCOUNT_TYPES, normalSign, OWNER_TYPES } from './model';
export type {
  ChargeRequest,
  ChargeResult,
  PaymentContext,
  PaymentProvider,
  RefundRequest,
  RefundResult,
} from './payment-provider';
export { type OrderPaymentSplit, orderPaymentEntries } from './postings';
export { type LedgerRoutesOptions, ledgerRoutes } from './routes';
export { createLedger, type Ledger, type LedgerDeps } from './service';
export {
  type BalancesFilter,
  balanceOf,
  balances,
  entriesFor,
  getAccount,
  loadTransaction,
  post,
  reverse,
  transactionsFor,
  trialBalance,
  verifyBalances,
} from './store';
export type { LedgerTables } from './tables';
export {
  createWalletProvider,
  WALLET_CHARGE,
  WALLET_REFUND,
  type WalletProvider,
} from './wallet';

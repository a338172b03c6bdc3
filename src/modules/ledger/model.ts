/**
 * Ledger types. Sign convention (the one rule to remember; docs/ledger.md has worked examples):
 *
 * - An entry's `amount` is signed: **debit positive, credit negative**. Every transaction's
 *   entries sum to zero per currency, so the sum of all entries ever posted is zero too
 *   (the trial balance).
 * - An account's `balance` is shown in its **natural sign**: debit-normal accounts (asset,
 *   expense) hold `debits - credits`; credit-normal accounts (liability, revenue, equity) hold
 *   `credits - debits`. So a customer wallet (a liability of the platform) of 100.00 is
 *   `balance = 10000`, and paying 90.00 out of it is a debit entry of `+9000` that takes the
 *   balance to 1000.
 */
export const ACCOUNT_TYPES = ['asset', 'liability', 'revenue', 'expense', 'equity'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const OWNER_TYPES = ['customer', 'store', 'platform', 'charity', 'organizer'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

/** +1 for debit-normal types, -1 for credit-normal: `balance change = entry amount * normalSign`. */
export function normalSign(type: AccountType): 1 | -1 {
  return type === 'asset' || type === 'expense' ? 1 : -1;
}

/** Everything needed to create an account on first use; derived from its code. */
export interface AccountSpec {
  code: string;
  type: AccountType;
  ownerType: OwnerType;
  ownerId: string | null;
  currency: string;
  allowNegative: boolean;
}

export interface Account extends AccountSpec {
  id: string;
  /** Natural sign, minor units. */
  balance: number;
  createdAt: string;
}

/** One leg of a posting: `amount` in minor units, debit positive, credit negative, never 0. */
export interface EntryInput {
  account: string;
  amount: number;
}

export interface PostingInput {
  /** What happened, dotted: 'wallet.topup', 'order.payment', 'order.refund', 'price_protection'. */
  kind: string;
  /** The business object this is about: an order id, refund id, user id... */
  reference: string;
  /** Globally unique; namespace it ('wallet.topup:usr_...:<client key>'). A repeat returns the first transaction. */
  idempotencyKey?: string | null;
  memo?: string | null;
  entries: readonly EntryInput[];
  /**
   * Accounts that must not end below zero in this posting even though they may go negative in
   * general (a merchant payout must not exceed what the store is owed, while a refund after a
   * payout may leave the store owing the platform).
   */
  requireNonNegative?: readonly string[];
}

export interface Entry {
  account: string;
  amount: number;
  currency: string;
}

export interface LedgerTransaction {
  id: string;
  kind: string;
  reference: string;
  idempotencyKey: string | null;
  memo: string | null;
  reverses: string | null;
  createdAt: string;
  entries: Entry[];
}

/** What post() and reverse() return: the transaction, and whether it already existed (an idempotent repeat). */
export interface PostResult {
  transaction: LedgerTransaction;
  replayed: boolean;
}

export interface ReverseInput {
  /** Default `<original kind>.reversal`. */
  kind?: string;
  /** Default the original's reference. */
  reference?: string;
  idempotencyKey?: string | null;
  memo?: string | null;
}

export interface StatementLine {
  entryId: number;
  txnId: string;
  kind: string;
  reference: string;
  memo: string | null;
  /** Signed entry amount: debit positive, credit negative. */
  amount: number;
  /** The change to the account's balance in its natural sign (for a wallet: + in, - out). */
  change: number;
  /** The account balance (natural sign) right after this entry. */
  balanceAfter: number;
  createdAt: string;
}

export interface Statement {
  account: Account | null;
  /** Newest first. */
  items: StatementLine[];
  total: number;
}

export interface TrialBalance {
  /** Sum of every entry ever posted, over all currencies: always 0. */
  total: number;
  /** Sum of entries per currency: every value 0. */
  byCurrency: Record<string, number>;
  balanced: boolean;
}

export type LedgerIssue =
  | { kind: 'balance_mismatch'; account: string; stored: number; computed: number }
  | { kind: 'negative_balance'; account: string; balance: number }
  | { kind: 'unbalanced_transaction'; txnId: string; currency: string; sum: number }
  | {
      kind: 'currency_mismatch';
      txnId: string;
      account: string;
      entryCurrency: string;
      accountCurrency: string;
    };

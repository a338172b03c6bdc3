import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/tables';
import type { AccountType, OwnerType } from './model';

export interface LedgerAccountsTable {
  id: string;
  code: string;
  type: AccountType;
  owner_type: OwnerType;
  owner_id: string | null;
  currency: string;
  /** Natural sign (see model.ts); int8, parsed to a number by the connection. */
  balance: ColumnType<number, number | undefined, number>;
  allow_negative: boolean;
  created_at: Timestamp;
}

export interface LedgerTransactionsTable {
  id: string;
  kind: string;
  reference: string;
  idempotency_key: string | null;
  memo: string | null;
  reverses: string | null;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  txn_id: string;
  account_id: string;
  /** Debit positive, credit negative, never 0. */
  amount: number;
  currency: string;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
}

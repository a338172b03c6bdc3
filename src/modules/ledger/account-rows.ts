// Reading ledger accounts: one by code, or a filtered list with their balances.
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../schema';
import { parseAccountCode } from './accounts';
import { unknownAccount } from './errors';
import type { Account, AccountType, OwnerType } from './model';
import type { LedgerAccountsTable } from './tables';

type Db = Kysely<DB>;

const toAccount = (row: Selectable<LedgerAccountsTable>): Account => ({
  id: row.id,
  code: row.code,
  type: row.type,
  ownerType: row.owner_type,
  ownerId: row.owner_id,
  currency: row.currency,
  balance: Number(row.balance),
  allowNegative: row.allow_negative,
  createdAt: new Date(row.created_at).toISOString(),
});

function checkCode(code: string): void {
  if (!parseAccountCode(code)) throw unknownAccount(code);
}

export async function getAccount(db: Db, code: string): Promise<Account | undefined> {
  checkCode(code);
  const row = await db.selectFrom('ledger_accounts').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** The balance in the account's natural sign; 0 for an account nothing has been posted to yet. */
export async function balanceOf(db: Db, code: string): Promise<number> {
  return (await getAccount(db, code))?.balance ?? 0;
}

export interface BalancesFilter {
  ownerType?: OwnerType;
  ownerId?: string;
  type?: AccountType;
  currency?: string;
}

/** Accounts and their balances, by code. */
export async function balances(db: Db, filter: BalancesFilter = {}): Promise<Account[]> {
  let q = db.selectFrom('ledger_accounts').selectAll();
  if (filter.ownerType) q = q.where('owner_type', '=', filter.ownerType);
  if (filter.ownerId) q = q.where('owner_id', '=', filter.ownerId);
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.currency) q = q.where('currency', '=', filter.currency);
  return (await q.orderBy('code').execute()).map(toAccount);
}

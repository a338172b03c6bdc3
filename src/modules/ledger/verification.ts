import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';
import type { LedgerIssue } from './model';
import { exact } from './sums';

type Db = Kysely<DB>;

/**
 * Recomputes the books from the entries and reports every disagreement: stored balances that
 * differ from their entries, non-negative accounts below zero, transactions that do not sum to
 * zero per currency, entries whose currency is not their account's. Empty means clean.
 */
export async function verifyBalances(db: Db): Promise<LedgerIssue[]> {
  const issues: LedgerIssue[] = [];
  const computed = sql<string>`(coalesce(sum(e.amount), 0) * case when a.type in ('asset','expense') then 1 else -1 end)`;
  const mismatched = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('ledger_entries as e', 'e.account_id', 'a.id')
    .select(['a.code', 'a.balance', sql<string>`${computed}::text`.as('computed')])
    .groupBy(['a.id', 'a.code', 'a.balance', 'a.type'])
    .having(sql<boolean>`a.balance <> ${computed}`)
    .orderBy('a.code')
    .execute();
  for (const r of mismatched)
    issues.push({
      kind: 'balance_mismatch',
      account: r.code,
      stored: Number(r.balance),
      computed: exact(r.computed),
    });

  const negative = await db
    .selectFrom('ledger_accounts')
    .select(['code', 'balance'])
    .where('allow_negative', '=', false)
    .where('balance', '<', 0)
    .orderBy('code')
    .execute();
  for (const r of negative)
    issues.push({ kind: 'negative_balance', account: r.code, balance: Number(r.balance) });

  const unbalanced = await db
    .selectFrom('ledger_entries')
    .select(['txn_id', 'currency', sql<string>`sum(amount)::text`.as('sum')])
    .groupBy(['txn_id', 'currency'])
    .having(sql<boolean>`sum(amount) <> 0`)
    .orderBy('txn_id')
    .execute();
  for (const r of unbalanced)
    issues.push({ kind: 'unbalanced_transaction', txnId: r.txn_id, currency: r.currency, sum: exact(r.sum) });

  const wrongCurrency = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select(['e.txn_id', 'a.code', 'e.currency', 'a.currency as account_currency'])
    .whereRef('e.currency', '<>', 'a.currency')
    .orderBy('e.id')
    .execute();
  for (const r of wrongCurrency)
    issues.push({
      kind: 'currency_mismatch',
      txnId: r.txn_id,
      account: r.code,
      entryCurrency: r.currency,
      accountCurrency: r.account_currency,
    });
  return issues;
}

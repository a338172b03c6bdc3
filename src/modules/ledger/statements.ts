import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';
import { getAccount } from './account-rows';
import { normalSign, type Statement, type TrialBalance } from './model';
import { exact } from './sums';

type Db = Kysely<DB>;

/** An account statement, newest first, each line with the balance right after it. */
export async function entriesFor(
  db: Db,
  code: string,
  page: { limit?: number; offset?: number } = {},
): Promise<Statement> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const offset = Math.max(page.offset ?? 0, 0);
  const account = await getAccount(db, code);
  if (!account) return { account: null, items: [], total: 0 };
  const sign = normalSign(account.type);
  // Per account, entry ids follow the order the balance changed in: the row lock taken by the
  // conditional write is held until commit and the entries are inserted while holding it.
  const running = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.txn_id')
    .select([
      'e.id',
      'e.txn_id',
      'e.amount',
      't.kind',
      't.reference',
      't.memo',
      't.created_at',
      sql<string>`(sum(e.amount) over (order by e.id rows between unbounded preceding and current row))::text`.as(
        'running',
      ),
    ])
    .where('e.account_id', '=', account.id)
    .as('s');
  const [rows, count] = await Promise.all([
    db.selectFrom(running).selectAll().orderBy('s.id', 'desc').limit(limit).offset(offset).execute(),
    db
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    account,
    total: Number(count.n),
    items: rows.map((r) => ({
      entryId: Number(r.id),
      txnId: r.txn_id,
      kind: r.kind,
      reference: r.reference,
      memo: r.memo,
      amount: Number(r.amount),
      change: Number(r.amount) * sign,
      balanceAfter: exact(r.running) * sign,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

/** The sum of every entry, per currency: all zeros, or the books are broken. */
export async function trialBalance(db: Db): Promise<TrialBalance> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['currency', sql<string>`sum(amount)::text`.as('sum')])
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  const byCurrency: Record<string, number> = {};
  let total = 0n;
  for (const r of rows) {
    byCurrency[r.currency] = exact(r.sum);
    total += BigInt(r.sum);
  }
  return { total: exact(total.toString()), byCurrency, balanced: rows.every((r) => BigInt(r.sum) === 0n) };
}

import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import type { LedgerTransaction } from './model';

type Db = Kysely<DB>;

/** The transaction first posted under an idempotency key, or undefined. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<LedgerTransaction | undefined> {
  const row = await db
    .selectFrom('ledger_transactions')
    .select('id')
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? loadTransaction(db, row.id) : undefined;
}

/** A transaction with its entries (in posting order), or undefined. */
export async function loadTransaction(db: Db, txnId: string): Promise<LedgerTransaction | undefined> {
  const header = await db
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('id', '=', txnId)
    .executeTakeFirst();
  if (!header) return undefined;
  const entries = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select(['a.code', 'e.amount', 'e.currency'])
    .where('e.txn_id', '=', txnId)
    .orderBy('e.id')
    .execute();
  return {
    id: header.id,
    kind: header.kind,
    reference: header.reference,
    idempotencyKey: header.idempotency_key,
    memo: header.memo,
    reverses: header.reverses,
    createdAt: new Date(header.created_at).toISOString(),
    entries: entries.map((e) => ({ account: e.code, amount: Number(e.amount), currency: e.currency })),
  };
}

/** Transactions about one business object (an order, a refund...), oldest first. */
export async function transactionsFor(
  db: Db,
  reference: string,
  kind?: string,
): Promise<LedgerTransaction[]> {
  let q = db.selectFrom('ledger_transactions').select('id').where('reference', '=', reference);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('id').execute();
  return Promise.all(rows.map((r) => loadTransaction(db, r.id).then((t) => t!)));
}

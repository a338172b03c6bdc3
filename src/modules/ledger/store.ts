import { type Kysely, type Selectable, sql } from 'kysely';
import { type Clock, systemClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { parseAccountCode } from './accounts';
import { type AccountChange, type CheckedPosting, checkPosting, negate, sameEntries } from './engine';
import {
  alreadyReversed,
  idempotencyInFlight,
  idempotencyKeyReused,
  insufficientFunds,
  invalidPosting,
  transactionNotFound,
  unknownAccount,
} from './errors';
import {
  type Account,
  type AccountType,
  type LedgerIssue,
  type LedgerTransaction,
  normalSign,
  type OwnerType,
  type PostingInput,
  type PostResult,
  type ReverseInput,
  type Statement,
  type TrialBalance,
} from './model';
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

/** Exact sums travel as text (sum(int8) is numeric) and come back as safe integers or an error. */
function exact(text: string | null | undefined): number {
  const n = BigInt(text ?? '0');
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`ledger sum ${n} exceeds the safe integer range`);
  return Number(n);
}

const isUniqueViolation = (e: unknown, constraint: string) => {
  const err = e as { code?: string; constraint?: string; message?: string };
  return (
    err?.code === '23505' && (err.constraint === constraint || String(err.message ?? '').includes(constraint))
  );
};

function assertTransaction(trx: Db): void {
  if (!trx.isTransaction)
    throw new Error(
      "ledger postings must run inside the caller's transaction: db.transaction().execute(trx => post(trx, ...))",
    );
}

/**
 * Posts a balanced transaction inside the caller's database transaction.
 *
 * Each account's balance moves by one atomic conditional write, in account-code order (so two
 * postings touching the same accounts lock them in the same order and cannot deadlock):
 * `UPDATE ledger_accounts SET balance = balance + d WHERE code = c AND (allow_negative OR balance + d >= 0)`.
 * No row back means too little money: INSUFFICIENT_FUNDS is thrown and the caller's transaction
 * must roll back (the header and any earlier writes of this posting are in it).
 *
 * With an idempotency key, a repeat returns the first transaction (`replayed: true`); the same
 * key for a different posting is IDEMPOTENCY_KEY_REUSED.
 */
export async function post(trx: Db, input: PostingInput, clock: Clock = systemClock): Promise<PostResult> {
  assertTransaction(trx);
  return postChecked(trx, input, checkPosting(input), null, clock);
}

/**
 * Posts the exact negation of a transaction, pointing back at it. A transaction is reversed at
 * most once (ALREADY_REVERSED), and a reversal itself cannot be reversed: post anew instead.
 */
export async function reverse(
  trx: Db,
  txnId: string,
  input: ReverseInput = {},
  clock: Clock = systemClock,
): Promise<PostResult> {
  assertTransaction(trx);
  const original = await loadTransaction(trx, txnId);
  if (!original) throw transactionNotFound(txnId);
  if (original.reverses)
    throw invalidPosting(
      `Transaction ${txnId} is itself a reversal and cannot be reversed; post a new transaction`,
      { txnId },
    );
  const posting: PostingInput = {
    kind: input.kind ?? `${original.kind}.reversal`,
    reference: input.reference ?? original.reference,
    idempotencyKey: input.idempotencyKey ?? null,
    memo: input.memo ?? `reversal of ${txnId}`,
    entries: negate(original.entries),
  };
  return postChecked(trx, posting, checkPosting(posting), txnId, clock);
}

async function postChecked(
  trx: Db,
  input: PostingInput,
  checked: CheckedPosting,
  reverses: string | null,
  clock: Clock,
): Promise<PostResult> {
  const key = input.idempotencyKey ?? null;
  if (key) {
    const first = await findByIdempotencyKey(trx, key);
    if (first) return replay(first, input, reverses);
  }
  if (reverses) {
    const existing = await trx
      .selectFrom('ledger_transactions')
      .select('id')
      .where('reverses', '=', reverses)
      .executeTakeFirst();
    if (existing) throw alreadyReversed(reverses);
  }

  const now = clock.now();
  const header = {
    id: newId('txn', now.getTime()),
    kind: input.kind,
    reference: input.reference,
    idempotency_key: key,
    memo: input.memo ?? null,
    reverses,
    created_at: now,
  };
  // The header goes first: a concurrent posting with the same key waits here on the unique
  // index, and finds the winner's transaction once it commits, before touching any balance.
  let inserted: { id: string } | undefined;
  try {
    inserted = await trx
      .insertInto('ledger_transactions')
      .values(header)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
  } catch (e) {
    if (reverses && isUniqueViolation(e, 'ledger_transactions_reverses_once'))
      throw alreadyReversed(reverses);
    throw e;
  }
  if (!inserted) {
    const first = await findByIdempotencyKey(trx, key!);
    if (first) return replay(first, input, reverses);
    throw idempotencyInFlight(key!);
  }

  const accountIds = new Map<string, string>();
  for (const change of checked.changes) accountIds.set(change.spec.code, await applyChange(trx, change, now));

  await trx
    .insertInto('ledger_entries')
    .values(
      checked.entries.map((e) => ({
        txn_id: header.id,
        account_id: accountIds.get(e.account)!,
        amount: e.amount,
        currency: e.currency,
      })),
    )
    .execute();

  return {
    transaction: {
      id: header.id,
      kind: header.kind,
      reference: header.reference,
      idempotencyKey: key,
      memo: header.memo,
      reverses,
      createdAt: now.toISOString(),
      entries: checked.entries,
    },
    replayed: false,
  };
}

function replay(first: LedgerTransaction, input: PostingInput, reverses: string | null): PostResult {
  const same =
    first.kind === input.kind &&
    first.reference === input.reference &&
    first.reverses === reverses &&
    sameEntries(first.entries, input.entries);
  if (!same) throw idempotencyKeyReused(first.idempotencyKey!, first.id);
  return { transaction: first, replayed: true };
}

/** The conditional write; creates the account (race-safe) the first time its code is used. */
async function applyChange(trx: Db, { spec, delta, guarded }: AccountChange, now: Date): Promise<string> {
  const forced = guarded && spec.allowNegative; // requireNonNegative on an account that may otherwise go negative
  // Only an UPDATE issued after the row was known to exist may conclude "insufficient": a row
  // another transaction creates and commits between our UPDATE and our SELECT must get a retry.
  let knownToExist = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await trx
      .updateTable('ledger_accounts')
      .set((eb) => ({ balance: eb('balance', '+', delta) }))
      .where('code', '=', spec.code)
      .where((eb) =>
        forced
          ? eb(eb('balance', '+', delta), '>=', 0)
          : eb.or([eb('allow_negative', '=', true), eb(eb('balance', '+', delta), '>=', 0)]),
      )
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
    const existing = await trx
      .selectFrom('ledger_accounts')
      .select('id')
      .where('code', '=', spec.code)
      .executeTakeFirst();
    if (existing) {
      if (knownToExist) throw insufficientFunds(spec.code, delta);
      knownToExist = true;
      continue;
    }
    await trx
      .insertInto('ledger_accounts')
      .values({
        id: newId('acc', now.getTime()),
        code: spec.code,
        type: spec.type,
        owner_type: spec.ownerType,
        owner_id: spec.ownerId,
        currency: spec.currency,
        balance: 0,
        allow_negative: spec.allowNegative,
        created_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    knownToExist = true;
  }
  throw new Error(`ledger account ${spec.code} could not be created`);
}

async function findByIdempotencyKey(db: Db, key: string): Promise<LedgerTransaction | undefined> {
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

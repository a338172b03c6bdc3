import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { applyChange } from './balance-change';
import { type CheckedPosting, checkPosting, negate, sameEntries } from './engine';
import {
  alreadyReversed,
  idempotencyInFlight,
  idempotencyKeyReused,
  invalidPosting,
  transactionNotFound,
} from './errors';
import type { LedgerTransaction, PostingInput, PostResult, ReverseInput } from './model';
import { findByIdempotencyKey, loadTransaction } from './transaction-reads';

type Db = Kysely<DB>;

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

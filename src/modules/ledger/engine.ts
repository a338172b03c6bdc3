import { parseAccountCode } from './accounts';
import { invalidPosting, unknownAccount } from './errors';
import { type AccountSpec, type Entry, type EntryInput, normalSign, type PostingInput } from './model';

/** One account's change in a posting, in the account's natural sign, with its guard. */
export interface AccountChange {
  spec: AccountSpec;
  /** Natural-sign balance change (entry amounts summed, times normalSign). */
  delta: number;
  /** True when the write must keep the balance >= 0. */
  guarded: boolean;
}

export interface CheckedPosting {
  entries: Entry[];
  /** Sorted by account code: the order the conditional writes take their row locks in. */
  changes: AccountChange[];
}

const MAX_TEXT = 300;

function checkText(value: unknown, field: string, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) throw invalidPosting(`${field}: is required`, { field });
    return;
  }
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT)
    throw invalidPosting(`${field}: must be a non-empty string of at most ${MAX_TEXT} characters`, { field });
}

/**
 * Checks a posting without touching the database: at least two entries, every amount a non-zero
 * safe integer, every account a well-known code, and the entries summing to zero per currency
 * (exactly, in BigInt). Returns the entries with their currency and the per-account changes in
 * lock order.
 */
export function checkPosting(input: PostingInput): CheckedPosting {
  checkText(input.kind, 'kind', true);
  checkText(input.reference, 'reference', true);
  checkText(input.idempotencyKey, 'idempotencyKey', false);
  if (!Array.isArray(input.entries) || input.entries.length < 2)
    throw invalidPosting('entries: a posting needs at least two entries', { field: 'entries' });

  const specs = new Map<string, AccountSpec>();
  const sums = new Map<string, bigint>();
  const deltas = new Map<string, bigint>();
  const entries: Entry[] = input.entries.map((e: EntryInput, i) => {
    const field = `entries.${i}`;
    if (!Number.isSafeInteger(e.amount) || e.amount === 0)
      throw invalidPosting(`${field}.amount: must be a non-zero integer in minor units`, {
        field: `${field}.amount`,
      });
    const spec = specs.get(e.account) ?? parseAccountCode(e.account);
    if (!spec) throw unknownAccount(e.account);
    specs.set(spec.code, spec);
    sums.set(spec.currency, (sums.get(spec.currency) ?? 0n) + BigInt(e.amount));
    deltas.set(spec.code, (deltas.get(spec.code) ?? 0n) + BigInt(e.amount) * BigInt(normalSign(spec.type)));
    return { account: spec.code, amount: e.amount, currency: spec.currency };
  });

  for (const [currency, sum] of sums)
    if (sum !== 0n)
      throw invalidPosting(
        `entries: the ${currency} entries sum to ${sum}, not 0 (debits must equal credits)`,
        {
          field: 'entries',
          currency,
          sum: Number(sum),
        },
      );

  const guards = new Set(input.requireNonNegative ?? []);
  for (const code of guards)
    if (!specs.has(code))
      throw invalidPosting(`requireNonNegative: ${code} is not an account of this posting`, {
        field: 'requireNonNegative',
      });

  const changes = [...deltas.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, delta]) => {
      if (delta > BigInt(Number.MAX_SAFE_INTEGER) || delta < BigInt(Number.MIN_SAFE_INTEGER))
        throw invalidPosting(`entries: the change to ${code} is out of range`, { field: 'entries' });
      const spec = specs.get(code)!;
      return { spec, delta: Number(delta), guarded: !spec.allowNegative || guards.has(code) };
    });
  return { entries, changes };
}

/** The exact negation of a transaction's entries, for a reversal. */
export const negate = (entries: readonly EntryInput[]): EntryInput[] =>
  entries.map((e) => ({ account: e.account, amount: -e.amount }));

/** `debit(a, 100)` and `credit(b, 100)` read better than remembering which sign is which. */
export const debit = (account: string, amount: number): EntryInput => ({ account, amount });
export const credit = (account: string, amount: number): EntryInput => ({ account, amount: -amount });

/** Same accounts and amounts, in any order: is a repeated request the same posting? */
export function sameEntries(a: readonly EntryInput[], b: readonly EntryInput[]): boolean {
  const key = (e: EntryInput) => `${e.account}\u0000${e.amount}`;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}
